using System.Diagnostics;

namespace PreflightCheck.IntegrationTests.Cli;

internal sealed record CliResult(int ExitCode, string StdOut, string StdErr);

/// <summary>Runs the built <c>preflight</c> as its own process, the way a CI job does.</summary>
internal static class PreflightProcess
{
    public static string RepositoryRoot { get; } = FindRoot();

    // The CLI's own output folder: the copy beside the tests resolves its dependencies against ASP.NET's shared framework.
    private static readonly string Dll = Path.Combine(
        RepositoryRoot, "src", "PreflightCheck.Cli", "bin",
        typeof(PreflightProcess).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyConfigurationAttribute), false)
            .OfType<System.Reflection.AssemblyConfigurationAttribute>().Single().Configuration,
        "net10.0", "preflight.dll");

    // Python's getrusage(RUSAGE_CHILDREN) gives the child's peak resident set exactly, after it has exited.
    private const string PeakRssScript =
        "import resource,subprocess,sys;c=subprocess.run(sys.argv[1:]).returncode;" +
        "sys.stderr.write('\\npreflight-peak-rss-kib: %d\\n' % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss);sys.exit(c)";

    public static Task<CliResult> RunAsync(IEnumerable<string> args, string? workingDirectory = null, string? stdin = null, IDictionary<string, string?>? environment = null, TimeSpan? timeout = null) =>
        RunAsync(args, ["dotnet"], workingDirectory, stdin, environment, timeout);

    /// <summary>
    /// Runs the CLI in a network namespace of its own (util-linux unshare), where no interface is up: any name lookup or
    /// connection fails at once, so a test can observe that none was needed without ever reaching a real network.
    /// </summary>
    public static Task<CliResult> RunWithoutNetworkAsync(IEnumerable<string> args, TimeSpan? timeout = null) =>
        RunAsync(args, ["unshare", "--net", "--map-root-user", "dotnet"], null, null, null, timeout);

    /// <summary>Runs the CLI under a small python3 parent that reports the CLI's peak resident memory (a benchmark number).</summary>
    public static async Task<(CliResult Result, long PeakRssBytes)> RunMeasuredAsync(IEnumerable<string> args, IDictionary<string, string?>? environment = null, TimeSpan? timeout = null)
    {
        var result = await RunAsync(args, ["python3", "-c", PeakRssScript, "dotnet"], null, null, environment, timeout);
        const string Marker = "preflight-peak-rss-kib: ";
        var at = result.StdErr.LastIndexOf(Marker, StringComparison.Ordinal);
        var kib = long.Parse(result.StdErr[(at + Marker.Length)..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        return (result with { StdErr = result.StdErr[..at].TrimEnd() }, kib * 1024);
    }

    /// <summary>Runs the CLI under another command (e.g. <c>unshare -m sh -c ...</c>); <paramref name="launcher"/> ends with <c>dotnet</c>.</summary>
    public static Task<CliResult> RunUnderAsync(string[] launcher, IEnumerable<string> args, string? stdin = null) =>
        RunAsync(args, launcher, null, stdin, null, null);

    /// <summary><paramref name="launcher"/> is the command line before the CLI's dll, ending with <c>dotnet</c>.</summary>
    private static async Task<CliResult> RunAsync(IEnumerable<string> args, string[] launcher, string? workingDirectory, string? stdin, IDictionary<string, string?>? environment, TimeSpan? timeout)
    {
        var start = new ProcessStartInfo(launcher[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? RepositoryRoot,
        };
        foreach (var arg in launcher.Skip(1))
        {
            start.ArgumentList.Add(arg);
        }

        start.ArgumentList.Add(Dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("AWS_", StringComparison.Ordinal)).ToArray())
        {
            start.Environment.Remove(key);
        }

        start.Environment["NO_COLOR"] = "1";
        start.Environment.Remove("COLUMNS");
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"preflight {string.Join(' ', args)} did not finish in time");
        }

        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    public static Task<CliResult> RunAsync(params string[] args) => RunAsync(args, null);

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "PreflightCheck.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("PreflightCheck.sln not found above the test binaries");
    }
}
