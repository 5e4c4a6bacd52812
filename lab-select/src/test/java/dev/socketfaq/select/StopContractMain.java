package dev.socketfaq.select;

/**
 * The stop contract against every mode, in a JVM of its own: {@link PlatformLoopTest} starts it with a chosen
 * selector provider. Prints the provider, then one line per mode: {@code outcome MODE OUTCOME message}.
 */
final class StopContractMain {
    private StopContractMain() {}

    public static void main(String[] args) throws Exception {
        System.out.println("provider " + PlatformSelector.name());
        for (Mode m : Mode.values()) {
            StopContract.Observation o = StopContract.observe(m);
            System.out.println("outcome " + m.name() + " " + o.outcome() + " " + o.message());
        }
    }
}
