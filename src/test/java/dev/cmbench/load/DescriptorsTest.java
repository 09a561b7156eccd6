package dev.cmbench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DescriptorsTest {

    @Test
    void theLimitIsReadFromTheSoftColumnOfProcLimits() {
        List<String> limits = List.of("Limit                     Soft Limit           Hard Limit           Units",
                "Max processes             95412                95412                processes",
                "Max open files            20000                20000                files");
        assertEquals(Optional.of(20_000L), Descriptors.limitIn(limits));
        assertEquals(Optional.of(Long.MAX_VALUE), Descriptors.limitIn(List.of(
                "Max open files            unlimited            unlimited            files")));
        assertEquals(Optional.empty(), Descriptors.limitIn(List.of("Max processes 1 1 processes")));
    }

    @Test
    void aServerNeedsTwoDescriptorsAConnectionAndTheJvmsOwn() {
        assertEquals(2 * 10_000 + Descriptors.JVM_OWN, Descriptors.serverNeeds(10_000));
    }
}
