package org.kinscope.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.logging.Level;
import org.neo4j.logging.log4j.Log4jLogProvider;

/**
 * Runs Neo4j 5.26 Community with Open GDS as a standalone process, the way the Neo4j server
 * tarball would, but assembled from Maven Central jars.
 *
 * <pre>
 * java -Xmx1g -cp 'kinscope-neo4j.jar:lib/*:plugins/*' org.kinscope.server.KinscopeNeo4j \
 *      HOME BOLT_PORT PAGECACHE PLUGINS_DIR
 * </pre>
 *
 * The password of the {@code neo4j} user comes from the environment variable
 * {@code KINSCOPE_NEO4J_PASSWORD}, else from the file named by {@code KINSCOPE_NEO4J_PASSWORD_FILE}
 * — never from the command line, which any local user can read with {@code ps}.
 *
 * Data goes to HOME/data, logs to HOME/logs, the generated configuration to HOME/conf/neo4j.conf
 * and the process id to HOME/neo4j.pid (removed on clean shutdown). SIGTERM shuts the databases
 * down cleanly through a shutdown hook.
 */
public final class KinscopeNeo4j {

    private KinscopeNeo4j() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: KinscopeNeo4j HOME BOLT_PORT PAGECACHE PLUGINS_DIR");
            System.exit(64);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        String pagecache = args[2];
        Path plugins = Path.of(args[3]).toAbsolutePath();
        String password = readPassword();

        Files.createDirectories(home.resolve("conf"));
        Path pidFile = home.resolve("neo4j.pid");
        Files.writeString(pidFile, ProcessHandle.current().pid() + "\n");

        Path conf = home.resolve("conf/neo4j.conf");
        long t0 = System.nanoTime();
        applyPasswordWithBoltClosed(home, conf, pagecache, plugins, password);

        Files.writeString(conf, renderConfig(port, pagecache, plugins, true), StandardCharsets.UTF_8);
        DatabaseManagementService dbms = build(home, conf);

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("kinscope-neo4j: shutting down");
            try {
                dbms.shutdown();
            } finally {
                try {
                    Files.deleteIfExists(pidFile);
                } catch (IOException ignored) {
                    // the Python side treats a stale pid file as "not running"
                }
                stopped.countDown();
            }
        }, "kinscope-neo4j-shutdown"));

        System.out.printf("kinscope-neo4j: ready on bolt://127.0.0.1:%d in %.1f s (pid %d)%n",
                port, (System.nanoTime() - t0) / 1e9, ProcessHandle.current().pid());
        stopped.await();
    }

    static DatabaseManagementService build(Path home, Path conf) {
        return new DatabaseManagementServiceBuilder(home)
                .loadPropertiesFromFile(conf)
                .setUserLogProvider(new Log4jLogProvider(System.out, Level.INFO))
                .build();
    }

    /**
     * Sets the password while no client can connect: on a first start (or after the password
     * changed) the databases are started once with Bolt disabled, the password is set through
     * the system database, and they are shut down again. Without this, a new store would accept
     * the default neo4j/neo4j login for the moment between Bolt opening and the password being
     * set. A marker (a digest, not the password) records which password was applied.
     */
    static void applyPasswordWithBoltClosed(Path home, Path conf, String pagecache, Path plugins, String password)
            throws IOException, NoSuchAlgorithmException {
        Path marker = home.resolve("password.applied");
        String digest = HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(("kinscope:" + password).getBytes(StandardCharsets.UTF_8)));
        if (Files.exists(marker) && Files.readString(marker).strip().equals(digest)) {
            return;
        }
        Files.writeString(conf, renderConfig(0, pagecache, plugins, false), StandardCharsets.UTF_8);
        DatabaseManagementService setup = build(home, conf);
        try {
            setPassword(setup, password);
        } finally {
            setup.shutdown();
        }
        Files.writeString(marker, digest + "\n");
        System.out.println("kinscope-neo4j: password applied with Bolt closed");
    }

    /** Settings by their neo4j.conf names, so they read like any Neo4j deployment's. */
    static String renderConfig(int port, String pagecache, Path plugins, boolean bolt) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("server.default_listen_address", "127.0.0.1");
        c.put("server.bolt.enabled", String.valueOf(bolt));
        if (bolt) {
            c.put("server.bolt.listen_address", "127.0.0.1:" + port);
            c.put("server.bolt.advertised_address", "127.0.0.1:" + port);
        }
        c.put("dbms.security.auth_enabled", "true");
        c.put("server.memory.pagecache.size", pagecache);
        c.put("server.directories.plugins", plugins.toString());
        // GDS and APOC reach into kernel internals, so they must be unrestricted; the allowlist
        // limits which plugin procedures load at all (built-in db.*/dbms.* are not affected).
        c.put("dbms.security.procedures.unrestricted", "gds.*,apoc.*");
        c.put("dbms.security.procedures.allowlist", "gds.*,apoc.*");
        // Nothing outside the machine should be contacted.
        c.put("dbms.usage_report.enabled", "false");
        StringBuilder sb = new StringBuilder("# Generated by KinscopeNeo4j at every start; edits are lost.\n");
        c.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        return sb.toString();
    }

    static String readPassword() throws IOException {
        String pw = System.getenv("KINSCOPE_NEO4J_PASSWORD");
        if (pw == null || pw.isBlank()) {
            String file = System.getenv("KINSCOPE_NEO4J_PASSWORD_FILE");
            if (file == null || file.isBlank()) {
                System.err.println("kinscope-neo4j: set KINSCOPE_NEO4J_PASSWORD or KINSCOPE_NEO4J_PASSWORD_FILE");
                System.exit(64);
            }
            pw = Files.readString(Path.of(file)).strip();
        }
        if (pw.length() < 8) {
            System.err.println("kinscope-neo4j: the password must have at least 8 characters");
            System.exit(64);
        }
        return pw;
    }

    /**
     * Sets the neo4j user's password through the system database (the first start has the
     * default neo4j/neo4j with a forced change; later starts may follow a changed NEO4J_PASSWORD).
     */
    static void setPassword(DatabaseManagementService dbms, String password) {
        try {
            dbms.database("system").executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $p CHANGE NOT REQUIRED", Map.of("p", password));
        } catch (RuntimeException e) {
            String msg = String.valueOf(e.getMessage());
            if (!msg.contains("Old password and new password cannot be the same")) {
                throw e;
            }
        }
    }
}
