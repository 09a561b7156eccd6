package dev.cmbench.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What the console says beside the gate's verdict line, read from compare.md as the analyzer writes it. */
class AnalyzerHandoverTest {

    @Test
    void theConsoleGetsEachFamilysLineAndWhatWouldDecideAnUnknownVerdict() {
        String compare = """
                | verdict | result | metric |
                |---|---|---|
                | inconclusive | x | score |

                | verdict | family | slowdown | interval | p | note |
                |---|---|---|---|---|---|
                | SLOWER | Batch\\_Benchmark · avgt · workload=cpu | +8.0% | +4.0% … +12.0% | 0.001 | 11 results |
                | INCONCLUSIVE | the run | +3.0% | -1.0% … +7.0% | 0.200 | 33 results |

                **Verdict: UNKNOWN** (1 inconclusive): 1 result past the threshold could not be decided; not a pass

                What would decide it:

                - X\\_Benchmark [ss] +500.0%: one fork cannot tell
                """;

        assertEquals(List.of("family Batch_Benchmark · avgt · workload=cpu: SLOWER +8.0% [+4.0% … +12.0%]",
                "family the run: INCONCLUSIVE +3.0% [-1.0% … +7.0%]",
                "to decide X_Benchmark [ss] +500.0%: one fork cannot tell"), AnalyzerHandover.consoleLines(compare));
    }
}
