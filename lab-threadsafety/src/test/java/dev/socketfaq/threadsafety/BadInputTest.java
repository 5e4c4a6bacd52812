package dev.socketfaq.threadsafety;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The reader survives garbage; the command line answers bad input in one line. */
@Timeout(30)
class BadInputTest {

    @Test
    void garbage_on_the_stream_is_counted_as_corrupt_not_thrown() {
        var tally = Messages.read(new ByteArrayInputStream(new byte[] {(byte) 0xff, 1, 2, 3, 4, 5}));
        assertThat(tally.intact()).isZero();
        assertThat(tally.corrupt()).isEqualTo(1);
        assertThat(tally.firstCorruption()).contains("bad frame length");
    }
}
