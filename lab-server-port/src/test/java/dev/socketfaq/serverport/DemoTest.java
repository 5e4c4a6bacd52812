package dev.socketfaq.serverport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketfaq.kit.Cli;
import dev.socketfaq.serverport.broken.FixedPortNumber;
import dev.socketfaq.serverport.directory.Publisher;
import dev.socketfaq.testkit.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The demo runs every mode, shows both sides and a verdict, and says how a server gets its credentials. */
@Timeout(60)
class DemoTest {

    @Test
    void the_demo_shows_every_mode_the_refused_stranger_and_a_verdict() {
        FindServerContractTest.assumeFree(FixedPortNumber.PORT);
        FindServerContractTest.assumeFree(27_041);
        FindServerContractTest.assumeFree(27_042);

        CliRun run = CliRun.run(new ServerPortLab(), "demo", "--agreed-ports", "27041,27042");

        assertThat(run.exitCode()).as("exit code; stderr:%n%s", run.err()).isEqualTo(Cli.OK);
        assertThat(run.out())
                .contains("broken hijack", "broken open-directory", "fixed directory", "fixed http")
                .contains(
                        "open: anyone may read and write",
                        "guarded: anyone may read, only " + Publisher.DN + " may write")
                .contains("whose publisher's password, generated now and given to the demo's servers, is ")
                .contains("a stranger rewrote cn=a,ou=services,dc=socketfaq,dc=dev anonymously")
                .contains("was refused: insufficientAccessRights (50)")
                .contains("TIME to an agreed port: dropped")
                .contains("GET /time/a on the web server's port (reuse): passed: OK a ")
                .contains("verdict: hijack, fixed-number, unpublished, open-directory violate the contract; "
                        + "agreed, directory, http meet it")
                .contains("./lab server-port directory runs one you can query")
                .doesNotContain("ldapsearch -x");
    }

    @Test
    void one_mode_alone() {
        CliRun run = CliRun.run(new ServerPortLab(), "demo", "--mode", "open-directory");
        assertThat(run.exitCode()).as("exit code; stderr:%n%s", run.err()).isEqualTo(Cli.OK);
        assertThat(run.out())
                .contains("a client looking for a was sent to a stranger's server")
                .contains("verdict: open-directory violate the contract; none meet it");
    }
}
