using System.Net;
using System.Net.Sockets;
using PreflightCheck.Cli.Commands;

namespace PreflightCheck.IntegrationTests.Cli;

/// <summary>The gate does not pass what it could not check: AWS out of reach is exit 3 unless the pipeline allows it.</summary>
public sealed class GateTests : IDisposable
{
    private static readonly string Request = Path.Combine(PreflightProcess.RepositoryRoot, "src", "PreflightCheck.Cli", "Examples", "vpc-model.request.json");

    private readonly string _dir = Directory.CreateTempSubdirectory("preflight-gate-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // Credentials that look real and an endpoint on loopback where nothing listens: every AWS call is refused at once.
    private static Dictionary<string, string?> UnreachableAws() => new()
    {
        ["AWS_ACCESS_KEY_ID"] = "AKIAIOSFODNN7EXAMPLE",
        ["AWS_SECRET_ACCESS_KEY"] = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        ["AWS_ENDPOINT_URL"] = $"http://127.0.0.1:{ClosedPort()}",
        ["AWS_CONFIG_FILE"] = "/nonexistent/aws-config",
        ["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent/aws-credentials",
    };

    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static Task<CliResult> Check(IDictionary<string, string?> environment, params string[] extra) =>
        PreflightProcess.RunAsync(["check", "--request", Request, "--region", "us-east-1", "--format", "json", .. extra], environment: environment, timeout: TimeSpan.FromSeconds(90));

    [Fact]
    public async Task Check_WhenAwsIsUnreachable_ExitsThreeByDefault()
    {
        var result = await Check(UnreachableAws(), "--rules", "PFC-IAM-001");

        Assert.True(result.ExitCode == 3, $"exit {result.ExitCode}: {result.StdErr}");
        Assert.Equal("unknown", Assert.Single(ReportJson.Outcomes(result.StdOut)).Value);
    }

    [Fact]
    public async Task Check_WhenAwsIsUnreachableAndUnknownsAreAllowed_ExitsZero()
    {
        var result = await Check(UnreachableAws(), "--rules", "PFC-IAM-001", "--allow-unknown");

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.StdErr}");
        Assert.Equal("unknown", Assert.Single(ReportJson.Outcomes(result.StdOut)).Value);
    }

    [Fact]
    public async Task Check_WhenFailOnUnknownIsStillPassed_KeepsTheDefault()
    {
        var result = await Check(UnreachableAws(), "--rules", "PFC-IAM-001", "--fail-on-unknown");

        Assert.True(result.ExitCode == 3, $"exit {result.ExitCode}: {result.StdErr}");
    }

    [Fact]
    public async Task Check_WhenARuleFailsBesideTheUnknown_TheFailureWins()
    {
        // PFC-IMG-002 fails on the shipped example (a tag, not a digest) and needs no network.
        var result = await Check(UnreachableAws(), "--rules", "PFC-IAM-001", "--rules", "PFC-IMG-002");

        Assert.True(result.ExitCode == 1, $"exit {result.ExitCode}: {result.StdErr}");
        var outcomes = ReportJson.Outcomes(result.StdOut).Values.Order().ToArray();
        Assert.Equal(["fail", "unknown"], outcomes);
    }

    [Fact]
    public async Task Check_WhenTheUnknownRuleIsBelowFailOn_ExitsZero()
    {
        // PFC-IAM-004 is a warning: under the default --fail-on error it does not hold the gate.
        var result = await Check(UnreachableAws(), "--rules", "PFC-IAM-004");

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.StdErr}");
        Assert.Equal("unknown", Assert.Single(ReportJson.Outcomes(result.StdOut)).Value);
    }

    [Fact]
    public async Task Check_WhenTheProfileDoesNotExist_ExitsTwoNamingIt()
    {
        var environment = ProfileFiles();

        var result = await PreflightProcess.RunAsync(["check", "--request", Request, "--region", "us-east-1", "--profile", "nosuch", "--rules", "PFC-IAM-001"], environment: environment);

        UsageErrorTests.AssertUsageError(result, "The config profile (nosuch) could not be found", environment["AWS_CONFIG_FILE"]!);
    }

    [Fact]
    public async Task Check_WhenAwsProfileVariableNamesNoProfile_ExitsTwoNamingIt()
    {
        var environment = ProfileFiles();
        environment["AWS_PROFILE"] = "ci-deployr";

        var result = await PreflightProcess.RunAsync(["check", "--request", Request, "--region", "us-east-1", "--rules", "PFC-IAM-001"], environment: environment);

        UsageErrorTests.AssertUsageError(result, "The config profile (ci-deployr) could not be found");
    }

    [Fact]
    public async Task Check_WhenTheProfileExists_RunsAndTheUnreachableAwsHoldsTheGate()
    {
        var environment = ProfileFiles();
        environment["AWS_ENDPOINT_URL"] = UnreachableAws()["AWS_ENDPOINT_URL"];

        var result = await PreflightProcess.RunAsync(["check", "--request", Request, "--region", "us-east-1", "--profile", "ci-deployer", "--rules", "PFC-IAM-001", "--format", "json"], environment: environment, timeout: TimeSpan.FromSeconds(90));

        Assert.True(result.ExitCode == 3, $"exit {result.ExitCode}: {result.StdErr}");
        Assert.Equal("unknown", Assert.Single(ReportJson.Outcomes(result.StdOut)).Value);
    }

    [Fact]
    public async Task CommandRunner_WhenTheCommandHasABug_PrintsOneLineAndExitsSeventy()
    {
        var previous = Console.Error;
        var error = new StringWriter();
        Console.SetError(error);
        int code;
        try
        {
            code = await CommandRunner.RunAsync(() => throw new InvalidOperationException("the plan had no models\nafter all"));
        }
        finally
        {
            Console.SetError(previous);
        }

        Assert.Equal(70, code);
        var line = Assert.Single(error.ToString().TrimEnd('\n').Split('\n'));
        Assert.Equal("error: internal error (InvalidOperationException): the plan had no models after all (exit 70: a bug in preflight, please report it)", line);
    }

    private Dictionary<string, string?> ProfileFiles()
    {
        var config = Path.Combine(_dir, "config");
        var credentials = Path.Combine(_dir, "credentials");
        File.WriteAllText(config, "[profile ci-deployer]\nregion = us-east-1\n");
        File.WriteAllText(credentials, "[ci-deployer]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n");
        return new() { ["AWS_CONFIG_FILE"] = config, ["AWS_SHARED_CREDENTIALS_FILE"] = credentials };
    }
}
