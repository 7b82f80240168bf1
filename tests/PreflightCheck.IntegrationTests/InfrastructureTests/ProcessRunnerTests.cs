using System.Diagnostics;
using PreflightCheck.IntegrationTests.Infrastructure;

namespace PreflightCheck.IntegrationTests.InfrastructureTests;

public sealed class ProcessRunnerTests
{
    [Fact]
    public async Task RunAsync_WhenProcessOutlivesTimeout_ThrowsAndKillsIt()
    {
        var sw = Stopwatch.StartNew();

        var ex = await Assert.ThrowsAsync<TimeoutException>(() =>
            ProcessRunner.RunAsync("sh", ["-c", "sleep 30"], TimeSpan.FromMilliseconds(300)));

        Assert.InRange(sw.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(10));
        Assert.Contains("sh -c sleep 30", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_WhenExitCodeNonZero_ThrowsWithStderrButNotStdin()
    {
        const string secret = "stdin-secret-value";

        var ex = await Assert.ThrowsAsync<ProcessFailedException>(() =>
            ProcessRunner.RunAsync("sh", ["-c", "read x; echo broken >&2; exit 3"], TimeSpan.FromSeconds(10), standardInput: secret + "\n"));

        Assert.Contains("exited with 3", ex.Message, StringComparison.Ordinal);
        Assert.Contains("broken", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_WhenStdinGiven_ChildReadsIt()
    {
        var result = await ProcessRunner.RunAsync("sh", ["-c", "read x; echo \"got:$x\""], TimeSpan.FromSeconds(10), standardInput: "hello\n");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("got:hello", result.StandardOutput.Trim());
    }
}
