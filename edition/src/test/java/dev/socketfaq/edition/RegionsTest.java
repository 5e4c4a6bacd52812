package dev.socketfaq.edition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The edition's rule on one file: the solution gives way to its starting point, the page's tags stay. */
@Timeout(10)
class RegionsTest {
    static final String MARKED = """
            class A {
                int f() {
                    // tag::page[]
                    // tag::solution[] a-task
                    return 42;
                    // end::solution[]
                    // end::page[]
                }

                // tag::start[] a-task: return the answer
                // return 0; // naive
                // end::start[]
            }
            """;

    @Test
    void the_solution_gives_way_to_the_starting_point_indented_like_it() {
        Regions.Result r = Regions.startingPoint("A.java", MARKED);
        assertThat(r.tasks()).containsExactly("a-task");
        assertThat(r.text()).isEqualTo("""
                        class A {
                            int f() {
                                // tag::page[]
                                // Your turn, task a-task: return the answer
                                // (./lab check, or mvn test -pl <this lab> -Dgroups=graded)
                                return 0; // naive
                                // end::page[]
                            }
                        }
                        """);
    }

    @Test
    void a_solution_without_a_starting_point_is_refused() {
        String noStart = MARKED.replaceAll("(?s)\\s*// tag::start.*end::start\\[\\]", "");
        assertThatThrownBy(() -> Regions.startingPoint("A.java", noStart))
                .hasMessageContaining("A.java: the solution of a-task needs one start region");
    }

    @Test
    void an_unfinished_region_is_refused() {
        String open = MARKED.replace("        // end::solution[]\n", "");
        assertThatThrownBy(() -> Regions.startingPoint("A.java", open)).hasMessageContaining("never ends");
    }
}
