package dev.socketfaq.serverport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketfaq.kit.Cli;
import dev.socketfaq.serverport.broken.FixedPortNumber;
import dev.socketfaq.testkit.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The demo tells the truth about what a student can do next. Its LDAP directory (the FAQ's "well-known location",
 * "Server port") lives only while the demo runs, so a command to query it would fail for anyone who typed it; the
 * demo points to the long-running directory command instead, which prints the command while it answers.
 */
@Timeout(30)
class DemoTest {

    @Test
    void the_demo_prints_no_ldapsearch_for_its_own_directory_and_says_where_one_works() {
        FindServerContractTest.assumeFree(FixedPortNumber.PORT);
        FindServerContractTest.assumeFree(27_041);
        FindServerContractTest.assumeFree(27_042);

        CliRun run = CliRun.run(new ServerPortLab(), "demo", "--agreed-ports", "27041,27042");

        assertThat(run.exitCode()).as("exit code; stderr:%n%s", run.err()).isEqualTo(Cli.OK);
        assertThat(run.out())
                .contains("verdict: hijack and fixed-number violate the contract")
                .doesNotContain("ldapsearch -x")
                .contains("this directory lives only as long as the demo")
                .contains("run ./lab server-port directory, which prints the ldapsearch command");
    }
}
