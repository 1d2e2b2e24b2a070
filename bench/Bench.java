import appreg.provisioning.sandbox.SandboxServer;
import appreg.provisioning.sandbox.SandboxTokens;
import appreg.provisioning.sandbox.SimulatedTenant;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

/**
 * appreg's benchmark: runs appreg as a user does (one process per command) against the sandbox tenant served on
 * loopback from this JVM, with a per-round-trip latency, and reports per job the round trips (counted by the sandbox;
 * a $batch is one), the wall time (median), the CPU time (user + system) and the peak RSS of the appreg process.
 * Run it through bench/run; docs/performance.md explains the jobs and the output. Not a test: nothing here passes or
 * fails on time.
 */
public final class Bench {
  static final String USAGE = """
      usage: bench/run [--jar PATH] [--flags "F ..."] [--label NAME] [--runs N] [--startup-runs N] [--latency MS,...]
                       [--sizes N,...] [--jobs startup,reconcile,audit] [--compare FILE.json] [--chart FILE.svg]
                       [--from FILE.json]
        --jar PATH        bench that appreg jar (e.g. an older build) with the launcher's flags of before the
                          class-data archive, instead of this checkout's ./appreg
        --flags "F ..."   run java F ... -jar app/target/appreg.jar (or --jar's) instead of ./appreg, to measure
                          the launcher's flags one by one; {archive} stands for app/target/appreg.jsa
        --label NAME      results go to bench/results/NAME.json and NAME.md (default: latest)
        --runs N          runs per job, the median is reported (default 3)
        --startup-runs N  runs of the start-up job (default 5)
        --latency LIST    milliseconds the sandbox waits before each answer (default 0,100)
        --sizes LIST      registrations in the audited tenants (default 1000,5000,20000,50000)
        --jobs LIST       which groups to run (default all: startup,reconcile,audit)
        --compare FILE    an earlier result (e.g. bench/results/baseline.json): shown beside this run
        --chart FILE      write an SVG chart of the audit jobs (this run, and --compare's) to FILE
        --from FILE.json  run nothing: print, compare and chart an earlier result again
      """;

  /** The launcher's JVM flags before the class-data archive: what --jar runs an older jar with. */
  static final List<String> OLD_LAUNCHER_FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto");

  /** {@code sandboxCpu}: CPU seconds of this JVM (the sandbox answering, mostly) while the appreg process ran. */
  record Sample(double wall, double cpu, long rssKb, int roundTrips, int exit, double sandboxCpu) {
    Sample(double wall, double cpu, long rssKb, int roundTrips, int exit) {
      this(wall, cpu, rssKb, roundTrips, exit, Double.NaN);
    }
  }

  record Job(String name, String group, long latencyMs, int registrations, double load, List<Sample> samples,
             String note) {
    double median(ToDoubleFunction<Sample> f) {
      double[] v = samples.stream().mapToDouble(f).sorted().toArray();
      return v.length == 0 ? Double.NaN : v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    String roundTrips() {
      var counts = samples.stream().map(Sample::roundTrips).distinct().sorted().toList();
      if (counts.isEmpty() || counts.get(0) < 0) return "-";
      return counts.size() == 1 ? String.valueOf(counts.get(0)) : counts.get(0) + "-" + counts.get(counts.size() - 1);
    }
  }

  final Path root;
  final Path work;
  final List<String> command;
  final boolean thisCheckout;
  final Map<String, String> options;
  final List<Job> jobs = new ArrayList<>();
  final List<String> notes = new ArrayList<>();
  final boolean haveTime = Files.isExecutable(Path.of("/usr/bin/time"));

  Bench(Path root, Path work, Map<String, String> options) {
    this.root = root;
    this.work = work;
    this.options = options;
    String jar = options.get("jar");
    String flags = options.get("flags");
    this.thisCheckout = jar == null && flags == null;
    if (thisCheckout) {
      command = List.of(root.resolve("appreg").toString());
    } else if (flags != null) {
      var c = new ArrayList<String>();
      c.add("java");
      for (String f : flags.trim().split("\\s+")) {
        if (!f.isEmpty()) c.add(f.replace("{archive}", root.resolve("app/target/appreg.jsa").toString()));
      }
      c.add("-jar");
      c.add(jar != null ? Path.of(jar).toAbsolutePath().toString() : root.resolve("app/target/appreg.jar").toString());
      command = List.copyOf(c);
      notes.add("run as " + String.join(" ", command) + " (--flags), not through ./appreg");
    } else {
      var c = new ArrayList<String>();
      c.add("java");
      c.addAll(OLD_LAUNCHER_FLAGS);
      c.add("-jar");
      c.add(Path.of(jar).toAbsolutePath().toString());
      command = List.copyOf(c);
      notes.add("--jar " + jar + ": run as java " + String.join(" ", OLD_LAUNCHER_FLAGS)
          + " -jar (the launcher of before the class-data archive); no archive; the sandbox, its latency and the "
          + "request count are this checkout's, on the server side, so they apply to that jar unchanged");
    }
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("-h") || a.equals("--help")) {
        System.out.print(USAGE);
        return;
      }
      if (!a.startsWith("--") || i + 1 >= args.length) {
        System.err.print("bench: unexpected '" + a + "'\n" + USAGE);
        System.exit(64);
      }
      options.put(a.substring(2), args[++i]);
    }
    Path root = Path.of(System.getProperty("bench.root", ".")).toAbsolutePath().normalize();
    Path work = Files.createTempDirectory("appreg-bench");
    int code = 0;
    try {
      new Bench(root, work, options).run();
    } catch (Exception e) {
      System.err.println("bench: " + e.getMessage());
      code = 1;
    } finally {
      delete(work);
    }
    System.exit(code);   // the sandbox's HTTP server threads would keep the JVM alive after a failure
  }

  void run() throws Exception {
    if (options.containsKey("from")) {
      load(root.resolve(options.get("from")));
      report(options.getOrDefault("label", "latest"));
      return;
    }
    int runs = Integer.parseInt(options.getOrDefault("runs", "3"));
    int startupRuns = Integer.parseInt(options.getOrDefault("startup-runs", "5"));
    List<Long> latencies = longs(options.getOrDefault("latency", "0,100"));
    List<Long> sizes = longs(options.getOrDefault("sizes", "1000,5000,20000,50000"));
    List<String> groups = List.of(options.getOrDefault("jobs", "startup,reconcile,audit").split(","));
    String label = options.getOrDefault("label", "latest");
    if (!haveTime) {
      notes.add("/usr/bin/time is missing: CPU time and peak RSS are sampled from /proc every 5 ms (slightly low)");
    }
    System.err.printf("bench: %s; %d cores; load %s; JDK %s%n", String.join(" ", command),
        Runtime.getRuntime().availableProcessors(), loadAverages(), System.getProperty("java.vm.version"));

    Path manifest = work.resolve("appreg.yaml");
    try (var t = new Tenant(SimulatedTenant.fresh(), 0)) {
      expect(0, t, "init", "--profile", "partner-referrals", "--out", manifest.toString());
    }

    if (groups.contains("startup")) {
      job("--version", "startup", 0, 0, startupRuns, null, i -> measure(List.of("--version"), null, 0));
      if (thisCheckout) {
        job("--version, java -jar (no launcher flags)", "startup", 0, 0, startupRuns, null,
            i -> measure(javaJar("--version"), null, 0, true));
      }
    }
    if (groups.contains("reconcile")) {
      for (long latency : latencies) {
        Tenant[] last = new Tenant[1];
        job("bootstrap, fresh tenant", "reconcile", latency, 0, runs, null, i -> {
          if (last[0] != null) last[0].close();
          last[0] = new Tenant(SimulatedTenant.fresh(), latency);
          return measure(last[0].args("bootstrap", "--profile", "partner-referrals", "--secret-dir",
              secretDir("secrets-" + latency + "-" + i).toString()), last[0], 0);
        });
        try (Tenant t = last[0]) {
          job("plan, no change", "reconcile", latency, 0, runs, null,
              i -> measure(t.args("plan", "-f", manifest.toString()), t, 0));
          job("re-run (bootstrap again)", "reconcile", latency, 0, runs, null,
              i -> measure(t.args("bootstrap", "--profile", "partner-referrals", "--secret-dir",
                  work.resolve("secrets-" + latency + "-0").toString()), t, 0));
          if (thisCheckout && latency == 0) {
            job("plan, no change, java -jar (no launcher flags)", "reconcile", latency, 0, runs, null,
                i -> measure(javaJar(t.args("plan", "-f", manifest.toString()).toArray(String[]::new)), t, 0, true));
          }
        }
      }
    }
    if (groups.contains("audit")) {
      for (long size : sizes) {
        // One audit of 50,000 registrations lists 51 pages that select keyCredentials; three in a row would pass Graph's
        // 150 such requests a minute, which the sandbox enforces, and measure the waits instead of appreg.
        SimulatedTenant tenant = SimulatedTenant.fresh().keyCredentialReadsPerMinute(0);
        long start = System.nanoTime();
        tenant.seedSyntheticRegistrations((int) size, 42);
        double seconds = (System.nanoTime() - start) / 1e9;
        jobs.add(new Job("sandbox: seed " + size + " registrations (in the bench JVM, not appreg)", "seed", 0,
            (int) size, load(), List.of(new Sample(seconds, Double.NaN, -1, -1, 0)), null));
        System.err.printf("bench: seeded %,d registrations in %.2f s%n", size, seconds);
        for (long latency : latencies) {
          try (Tenant t = new Tenant(tenant, latency)) {
            job("audit " + size, "audit", latency, (int) size, runs, "--format json --out FILE --fail-on none",
                i -> measure(t.args("audit", "--format", "json", "--out",
                    work.resolve("audit-" + size + "-" + latency + "-" + i + ".json").toString(), "--fail-on", "none"), t, 0));
          }
        }
      }
    }
    report(label);
  }

  // ---- jobs and measurement

  interface Run {
    Sample once(int i) throws Exception;
  }

  void job(String name, String group, long latency, int registrations, int runs, String note, Run run) throws Exception {
    double load = load();
    var samples = new ArrayList<Sample>();
    for (int i = 0; i < runs; i++) {
      samples.add(run.once(i));
    }
    var job = new Job(name, group, latency, registrations, load, samples, note);
    jobs.add(job);
    save(options.getOrDefault("label", "latest") + ".partial");
    System.err.printf("bench: %-48s %4d ms  %5s round trips  wall %6.2f s  cpu %6.2f s  rss %5.0f MB  sandbox cpu %5.2f s%n",
        name, latency, job.roundTrips(), job.median(Sample::wall), job.median(Sample::cpu),
        job.median(s -> s.rssKb() / 1024.0), job.median(Sample::sandboxCpu));
  }

  /** A new secret directory, mode 0700: older builds refuse to create one. */
  Path secretDir(String name) throws IOException {
    Path dir = work.resolve(name);
    Files.createDirectories(dir);
    Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    return dir;
  }

  List<String> javaJar(String... args) {
    var c = new ArrayList<>(List.of("java", "-jar", root.resolve("app/target/appreg.jar").toString()));
    c.addAll(List.of(args));
    return c;
  }

  Sample measure(List<String> args, Tenant tenant, int expectedExit) throws Exception {
    return measure(args, tenant, expectedExit, false);
  }

  /** One appreg process: {@code args} follow the command under test, or are the whole command when {@code whole}. */
  Sample measure(List<String> args, Tenant tenant, int expectedExit, boolean whole) throws Exception {
    var cmd = new ArrayList<String>();
    Path times = work.resolve("time.txt");
    Files.deleteIfExists(times);
    if (haveTime) cmd.addAll(List.of("/usr/bin/time", "-f", "%e %U %S %M", "-o", times.toString()));
    if (!whole) cmd.addAll(command);
    cmd.addAll(args);
    var pb = new ProcessBuilder(cmd).directory(work.toFile())
        .redirectOutput(work.resolve("stdout.txt").toFile()).redirectError(work.resolve("stderr.txt").toFile());
    pb.environment().put("APPREG_ACCESS_TOKEN", SandboxTokens.allPermissions());
    if (tenant != null) tenant.tenant.resetRequestLog();
    long start = System.nanoTime();
    double benchCpuBefore = benchCpu();
    Process p = pb.start();
    double[] sampled = haveTime ? null : sample(p);
    if (!p.waitFor(15, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("timed out: " + String.join(" ", cmd));
    }
    double wall = (System.nanoTime() - start) / 1e9;
    double sandboxCpu = benchCpu() - benchCpuBefore;
    int exit = p.exitValue();
    if (exit != expectedExit) {
      throw new IllegalStateException(String.join(" ", cmd) + " exited " + exit + ", not " + expectedExit + ":\n"
          + tail(work.resolve("stderr.txt")));
    }
    double cpu;
    long rss;
    if (haveTime) {
      String[] f = Files.readString(times).trim().split("\\R");
      String[] v = f[f.length - 1].trim().split(" ");
      cpu = Double.parseDouble(v[1]) + Double.parseDouble(v[2]);
      rss = Long.parseLong(v[3]);
    } else {
      cpu = sampled[0];
      rss = (long) sampled[1];
    }
    return new Sample(wall, cpu, rss, tenant == null ? 0 : tenant.tenant.requestCount(), exit, sandboxCpu);
  }

  /** CPU seconds this JVM (the benchmark and the sandbox it serves) has used so far. */
  static double benchCpu() {
    return ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
  }

  /** Without /usr/bin/time: CPU seconds and peak RSS (kB) of {@code p}, read from /proc until it exits. */
  static double[] sample(Process p) throws InterruptedException {
    double cpu = 0;
    long rss = 0;
    long ticks = 100;  // USER_HZ on Linux
    Path stat = Path.of("/proc/" + p.pid() + "/stat");
    Path status = Path.of("/proc/" + p.pid() + "/status");
    while (p.isAlive()) {
      try {
        String s = Files.readString(stat);
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        cpu = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) ticks;
        for (String line : Files.readAllLines(status)) {
          if (line.startsWith("VmHWM:")) rss = Math.max(rss, Long.parseLong(line.replaceAll("\\D", "")));
        }
      } catch (IOException | RuntimeException e) {
        // gone between isAlive and the read
      }
      Thread.sleep(5);
    }
    return new double[] {cpu, rss};
  }

  void expect(int code, Tenant tenant, String... args) throws Exception {
    measure(tenant.args(args), tenant, code);
  }

  /** A simulated tenant served on loopback for appreg, with the per-round-trip latency. */
  final class Tenant implements AutoCloseable {
    final SimulatedTenant tenant;
    final SandboxServer server;

    Tenant(SimulatedTenant tenant, long latencyMs) {
      this.tenant = tenant;
      this.server = SandboxServer.start(tenant).latency(Duration.ofMillis(latencyMs));
    }

    List<String> args(String... args) {
      var all = new ArrayList<>(List.of(args));
      if (!args[0].equals("init")) {
        all.add("--graph-url");
        all.add(server.baseUrl().substring(0, server.baseUrl().length() - "/v1.0".length()));
      }
      return all;
    }

    @Override
    public void close() {
      server.close();
    }
  }

  // ---- output

  /** --from: the jobs of an earlier result, to print, compare and chart again without running anything. */
  void load(Path file) throws IOException {
    var doc = new ObjectMapper().readTree(file.toFile());
    notes.clear();
    doc.path("notes").forEach(n -> notes.add(n.asText()));
    for (var o : doc.path("jobs")) {
      var samples = new ArrayList<Sample>();
      int rt = o.path("roundTrips").asText().matches("\\d+") ? o.path("roundTrips").asInt() : -1;
      for (var x : o.path("samples")) {
        samples.add(new Sample(x.path("wall").asDouble(), x.has("cpu") ? x.path("cpu").asDouble() : Double.NaN,
            x.path("rssKB").asLong(-1), rt, 0, x.has("sandboxCpu") ? x.path("sandboxCpu").asDouble() : Double.NaN));
      }
      jobs.add(new Job(o.path("name").asText(), o.path("group").asText(), o.path("latencyMs").asLong(),
          o.path("registrations").asInt(), o.path("loadAverage1m").asDouble(), samples,
          o.has("note") ? o.path("note").asText() : null));
    }
    loadedCommand = doc.path("command").asText();
    loadedDate = doc.path("date").asText();
  }

  String loadedCommand;
  String loadedDate;

  /** After each job, so that a long run stopped halfway keeps what it measured (NAME.partial.json). */
  void save(String label) throws IOException {
    Path dir = root.resolve("bench/results");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(label + ".json"), new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
        .writeValueAsString(document(label)) + "\n");
  }

  void report(String label) throws IOException {
    Path dir = root.resolve("bench/results");
    Files.createDirectories(dir);
    ObjectNode compare = options.containsKey("compare")
        ? (ObjectNode) new ObjectMapper().readTree(root.resolve(options.get("compare")).toFile()) : null;

    String table = table(compare);
    System.out.print(table);
    for (String note : notes) System.out.println("note: " + note);

    ObjectNode doc = document(label);
    Files.writeString(dir.resolve(label + ".json"), new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
        .writeValueAsString(doc) + "\n");
    Files.writeString(dir.resolve(label + ".md"), markdown(doc, compare));
    if (options.containsKey("chart")) {
      Files.writeString(root.resolve(options.get("chart")), Chart.svg(doc, compare));
    }
    Files.deleteIfExists(dir.resolve(label + ".partial.json"));
    System.err.println("bench: wrote bench/results/" + label + ".json and " + label + ".md"
        + (options.containsKey("chart") ? " and " + options.get("chart") : ""));
  }

  ObjectNode document(String label) {
    ObjectNode doc = new ObjectMapper().createObjectNode();
    doc.put("label", label);
    doc.put("date", loadedDate != null ? loadedDate : Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    doc.put("command", loadedCommand != null ? loadedCommand : String.join(" ", command));
    doc.put("java", javaVersion());
    doc.put("cores", Runtime.getRuntime().availableProcessors());
    doc.put("measuredWith", haveTime ? "/usr/bin/time (rusage of the appreg process)" : "/proc sampling every 5 ms");
    ArrayNode n = doc.putArray("notes");
    notes.forEach(n::add);
    ArrayNode list = doc.putArray("jobs");
    for (Job j : jobs) {
      ObjectNode o = list.addObject();
      o.put("name", j.name());
      o.put("group", j.group());
      o.put("latencyMs", j.latencyMs());
      if (j.registrations() > 0) o.put("registrations", j.registrations());
      o.put("roundTrips", j.roundTrips());
      o.put("wallSeconds", round(j.median(Sample::wall)));
      if (!j.group().equals("seed")) {
        o.put("cpuSeconds", round(j.median(Sample::cpu)));
        o.put("peakRssMB", Math.round(j.median(x -> x.rssKb() / 1024.0)));
        double sandbox = j.median(Sample::sandboxCpu);
        if (!Double.isNaN(sandbox)) o.put("sandboxCpuSeconds", round(sandbox));
      }
      o.put("runs", j.samples().size());
      o.put("loadAverage1m", j.load());
      if (j.note() != null) o.put("note", j.note());
      ArrayNode samples = o.putArray("samples");
      for (Sample x : j.samples()) {
        ObjectNode so = samples.addObject().put("wall", round(x.wall()));
        if (!Double.isNaN(x.cpu())) so.put("cpu", round(x.cpu())).put("rssKB", x.rssKb());
        if (!Double.isNaN(x.sandboxCpu())) so.put("sandboxCpu", round(x.sandboxCpu()));
      }
    }
    return doc;
  }

  String table(ObjectNode compare) {
    var b = new StringBuilder();
    b.append(String.format("%-48s %7s %11s %9s %8s %9s %11s %4s %5s%s%n", "job", "latency", "round trips", "wall", "CPU",
        "peak RSS", "sandbox CPU", "runs", "load", compare == null ? "" : "   before: wall / CPU / RSS"));
    for (Job j : jobs) {
      boolean seed = j.group().equals("seed");
      double sandbox = j.median(Sample::sandboxCpu);
      b.append(String.format(Locale.ROOT, "%-48s %5d ms %11s %7.2f s %6s %9s %11s %4d %5.1f%s%n", j.name(), j.latencyMs(),
          j.roundTrips(), j.median(Sample::wall), seed ? "" : String.format(Locale.ROOT, "%6.2f s", j.median(Sample::cpu)),
          seed ? "" : String.format(Locale.ROOT, "%6.0f MB", j.median(s -> s.rssKb() / 1024.0)),
          seed || Double.isNaN(sandbox) ? "" : String.format(Locale.ROOT, "%6.2f s", sandbox), j.samples().size(),
          j.load(), before(compare, j)));
    }
    return b.toString();
  }

  static String before(ObjectNode compare, Job j) {
    if (compare == null) return "";
    for (var o : compare.path("jobs")) {
      if (o.path("name").asText().equals(j.name()) && o.path("latencyMs").asLong() == j.latencyMs()) {
        return String.format(Locale.ROOT, "   %.2f s / %s / %s", o.path("wallSeconds").asDouble(),
            o.has("cpuSeconds") ? String.format(Locale.ROOT, "%.2f s", o.path("cpuSeconds").asDouble()) : "-",
            o.has("peakRssMB") ? o.path("peakRssMB").asLong() + " MB" : "-");
      }
    }
    return "   (not in " + compare.path("label").asText() + ")";
  }

  String markdown(ObjectNode doc, ObjectNode compare) {
    var b = new StringBuilder();
    b.append("Measured ").append(doc.path("date").asText()).append(" with `").append(doc.path("command").asText())
        .append("`, ").append(doc.path("java").asText()).append(", ").append(doc.path("cores").asInt())
        .append(" cores; medians; load = 1-minute load average when the job started.\n\n");
    b.append("| job | latency | round trips | wall | CPU | peak RSS | sandbox CPU | runs | load |")
        .append(compare == null ? "" : " before (" + compare.path("label").asText() + "): round trips, wall, CPU, RSS |")
        .append("\n|---|---:|---:|---:|---:|---:|---:|---:|---:|").append(compare == null ? "" : "---|").append("\n");
    for (var o : doc.path("jobs")) {
      b.append(String.format(Locale.ROOT, "| %s | %d ms | %s | %.2f s | %s | %s | %s | %d | %.1f |", o.path("name").asText(),
          o.path("latencyMs").asLong(), o.path("roundTrips").asText(), o.path("wallSeconds").asDouble(),
          o.has("cpuSeconds") ? String.format(Locale.ROOT, "%.2f s", o.path("cpuSeconds").asDouble()) : "",
          o.has("peakRssMB") ? o.path("peakRssMB").asLong() + " MB" : "",
          o.has("sandboxCpuSeconds") ? String.format(Locale.ROOT, "%.2f s", o.path("sandboxCpuSeconds").asDouble()) : "",
          o.path("runs").asInt(), o.path("loadAverage1m").asDouble()));
      if (compare != null) {
        String cell = "not run";
        for (var c : compare.path("jobs")) {
          if (c.path("name").asText().equals(o.path("name").asText())
              && c.path("latencyMs").asLong() == o.path("latencyMs").asLong()) {
            cell = String.format(Locale.ROOT, "%s, %.2f s, %s, %s", c.path("roundTrips").asText(),
                c.path("wallSeconds").asDouble(),
                c.has("cpuSeconds") ? String.format(Locale.ROOT, "%.2f s", c.path("cpuSeconds").asDouble()) : "",
                c.has("peakRssMB") ? c.path("peakRssMB").asLong() + " MB" : "");
          }
        }
        b.append(" ").append(cell).append(" |");
      }
      b.append("\n");
    }
    for (var note : doc.path("notes")) b.append("\nNote: ").append(note.asText()).append("\n");
    return b.toString();
  }

  // ---- small things

  static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  static double load() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  static String loadAverages() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException e) {
      return "unknown";
    }
  }

  static String javaVersion() {
    return System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version");
  }

  static List<Long> longs(String list) {
    return Stream.of(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Long::parseLong).toList();
  }

  static String tail(Path file) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "";
    }
  }

  static void delete(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    }
  }

  /** The audit jobs as two small line charts (wall time, peak RSS) against the tenant's registrations. */
  static final class Chart {
    static String svg(ObjectNode doc, ObjectNode compare) {
      var series = new LinkedHashMap<String, List<double[]>>();
      collect(doc, "", series);
      if (compare != null) collect(compare, " (" + compare.path("label").asText() + ")", series);
      double maxX = series.values().stream().flatMap(List::stream).mapToDouble(p -> p[0]).max().orElse(1);
      var b = new StringBuilder();
      b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"760\" height=\"330\" font-family=\"sans-serif\" "
          + "font-size=\"11\">\n<rect width=\"760\" height=\"330\" fill=\"white\"/>\n");
      panel(b, series, 0, 1, "wall time (s), median", maxX, 50);
      panel(b, series, 0, 2, "peak RSS (MB), median", maxX, 420);
      String[] colours = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"};
      int i = 0;
      for (String name : series.keySet()) {
        b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" "
            + "stroke-width=\"2\"%s/><text x=\"%d\" y=\"%d\">%s</text>\n", 50 + 240 * (i % 3), 300 + 16 * (i / 3),
            74 + 240 * (i % 3), 300 + 16 * (i / 3), colours[i % colours.length],
            name.contains("(") ? " stroke-dasharray=\"5,3\"" : "", 80 + 240 * (i % 3), 304 + 16 * (i / 3), escape(name)));
        i++;
      }
      return b.append("</svg>\n").toString();
    }

    static void collect(ObjectNode doc, String suffix, Map<String, List<double[]>> series) {
      for (var o : doc.path("jobs")) {
        if (!o.path("group").asText().equals("audit")) continue;
        String name = "audit, " + o.path("latencyMs").asLong() + " ms latency" + suffix;
        series.computeIfAbsent(name, k -> new ArrayList<>()).add(new double[] {o.path("registrations").asDouble(),
            o.path("wallSeconds").asDouble(), o.path("peakRssMB").asDouble()});
      }
    }

    static void panel(StringBuilder b, Map<String, List<double[]>> series, int x, int y, String title, double maxX,
                      int left) {
      int width = 290;
      int height = 220;
      int top = 30;
      double maxY = series.values().stream().flatMap(List::stream).mapToDouble(p -> p[y]).max().orElse(1);
      maxY = nice(maxY);
      b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"18\" font-weight=\"bold\">%s</text>\n", left, title));
      b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
          + "stroke=\"#999\"/>\n", left, top, width, height));
      for (int t = 0; t <= 4; t++) {
        double v = maxY * t / 4;
        int py = top + height - (int) (height * t / 4.0);
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>"
            + "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#eee\"/>\n", left - 4, py + 4,
            v >= 10 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v), left, py,
            left + width, py));
        double xv = maxX * t / 4;
        int px = left + (int) (width * t / 4.0);
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%,.0f</text>\n", px,
            top + height + 14, xv));
      }
      b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">registrations</text>\n",
          left + width / 2, top + height + 28));
      String[] colours = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"};
      int i = 0;
      for (var e : series.entrySet()) {
        var points = new StringBuilder();
        for (double[] p : e.getValue()) {
          points.append(String.format(Locale.ROOT, "%.1f,%.1f ", left + width * p[x] / maxX,
              top + height - height * p[y] / maxY));
        }
        b.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s/>\n",
            points.toString().trim(), colours[i % colours.length],
            e.getKey().contains("(") ? " stroke-dasharray=\"5,3\"" : ""));
        i++;
      }
    }

    static double nice(double v) {
      double p = Math.pow(10, Math.floor(Math.log10(Math.max(v, 1e-9))));
      for (double m : new double[] {1, 2, 2.5, 5, 10}) if (m * p >= v) return m * p;
      return 10 * p;
    }

    static String escape(String s) {
      return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
  }
}
