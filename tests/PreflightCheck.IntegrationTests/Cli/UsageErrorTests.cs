namespace PreflightCheck.IntegrationTests.Cli;

/// <summary>Every usage error, as a person types it: exit 2, exactly one line on standard error, what to do instead.</summary>
public sealed class UsageErrorTests
{
    private static readonly string Request = Path.Combine(PreflightProcess.RepositoryRoot, "src", "PreflightCheck.Cli", "Examples", "vpc-model.request.json");

    internal static void AssertUsageError(CliResult result, params string[] expected)
    {
        Assert.True(result.ExitCode == 2, $"exit {result.ExitCode}: {result.StdErr}");
        var line = Assert.Single(result.StdErr.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        foreach (var part in expected)
        {
            Assert.Contains(part, line, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("   at ", result.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Command_WhenMistyped_SuggestsTheNearestCommand() =>
        AssertUsageError(await PreflightProcess.RunAsync("chek"), "'chek' is not a preflight command", "did you mean 'check'?");

    [Fact]
    public async Task Pin_WhenImageIsMissing_SaysWhatItNeeds() =>
        AssertUsageError(await PreflightProcess.RunAsync("pin"), "pin needs IMAGE (host/repository[:tag])", "'preflight pin --help'");

    [Fact]
    public async Task Pin_WhenGivenTwoImages_RefusesTheSecond() =>
        AssertUsageError(await PreflightProcess.RunAsync("pin", "registry.example.internal:5000/team/model:1.4", "b"), "unexpected argument 'b': pin takes one IMAGE");

    [Fact]
    public async Task Diagnose_WhenEndpointIsMissing_SaysWhichOption() =>
        AssertUsageError(await PreflightProcess.RunAsync("diagnose"), "diagnose needs --endpoint NAME");

    [Fact]
    public async Task Check_WhenAnOptionHasNoValue_NamesIt() =>
        AssertUsageError(await PreflightProcess.RunAsync("check", "--offline", "--request"), "--request needs a value: --request FILE");

    [Fact]
    public async Task Check_WhenTimeoutIsNotANumber_SaysSo() =>
        AssertUsageError(await PreflightProcess.RunAsync("check", "--timeout", "abc", "--offline", "--request", Request), "--timeout 'abc' is not a number");

    [Theory]
    [InlineData("-5")]
    [InlineData("0")]
    [InlineData("NaN")]
    [InlineData("601")]
    public async Task Check_WhenTimeoutIsOutOfRange_RefusesIt(string timeout) =>
        AssertUsageError(await PreflightProcess.RunAsync("check", "--timeout", timeout, "--offline", "--request", Request), $"--timeout {timeout} must be more than 0 and at most 600 seconds");

    [Fact]
    public async Task Explain_WhenGivenAnExtraArgument_RefusesIt() =>
        AssertUsageError(await PreflightProcess.RunAsync("explain", "PFC-TLS-002", "X"), "unexpected argument 'X': explain takes one ID");

    [Fact]
    public async Task Rules_WhenGivenAnArgument_RefusesIt() =>
        AssertUsageError(await PreflightProcess.RunAsync("rules", "TLS"), "unexpected argument 'TLS': rules takes no arguments");

    [Fact]
    public async Task Check_WhenRegionIsMisspelt_SuggestsTheRegion() =>
        AssertUsageError(await PreflightProcess.RunAsync("check", "--offline", "--request", Request, "--region", "us-east1"), "--region 'us-east1' is not an AWS region", "did you mean 'us-east-1'?");

    [Fact]
    public async Task Check_WhenAwsRegionVariableIsNotARegion_NamesTheVariable() =>
        AssertUsageError(
            await PreflightProcess.RunAsync(["check", "--offline", "--request", Request], environment: new Dictionary<string, string?> { ["AWS_REGION"] = "virginia" }),
            "AWS_REGION 'virginia' is not an AWS region");

    [Theory]
    [InlineData("us-east-1")]
    [InlineData("cn-north-1")]
    [InlineData("us-gov-west-1")]
    [InlineData("eu-isoe-west-1")]
    [InlineData("us-isob-east-1")]
    [InlineData("ap-southeast-7")]
    [InlineData("mx-central-1")]
    [InlineData("eusc-de-east-1")]
    public async Task Check_WhenRegionIsInAnyPartition_AcceptsIt(string region)
    {
        var result = await PreflightProcess.RunAsync("check", "--offline", "--request", Request, "--region", region, "--rules", "PFC-CFG-003", "--format", "json");

        // The region is taken: the provider function (us-east-1) is judged against it, so only us-east-1 passes.
        Assert.True(result.ExitCode == (region == "us-east-1" ? 0 : 1), $"exit {result.ExitCode}: {result.StdErr}");
        Assert.Equal(region == "us-east-1" ? "pass" : "fail", Assert.Single(ReportJson.Outcomes(result.StdOut)).Value);
    }

    [Fact]
    public async Task Check_WhenOptionIsMistyped_SuggestsTheOption() =>
        AssertUsageError(await PreflightProcess.RunAsync("check", "--regoin", "us-east-1"), "unknown option '--regoin' for check", "did you mean '--region'?");

    [Fact]
    public async Task Check_WhenRuleIdLacksADigit_SuggestsTheId() =>
        AssertUsageError(await PreflightProcess.RunAsync("check", "--offline", "--request", Request, "--rules", "PFC-TLS-02"), "rule pattern 'PFC-TLS-02' matches no rule", "did you mean 'PFC-TLS-002'?");

    [Theory]
    [InlineData("PFC-TLS-02", "PFC-TLS-002")]
    [InlineData("REG-007", "PFC-REG-007")]
    [InlineData("public-ca-chian", "public-ca-chain")]
    public async Task Explain_WhenIdIsNearlyRight_SuggestsTheRule(string given, string meant) =>
        AssertUsageError(await PreflightProcess.RunAsync("explain", given), $"unknown rule '{given}'", $"did you mean '{meant}'?");

    [Fact]
    public async Task Check_WhenTheSelectionRunsNoRule_NamesThePatterns() =>
        AssertUsageError(await PreflightProcess.RunAsync("check", "--offline", "--request", Request, "--rules", "NET"), "no rule to run: --rules NET, --offline select none");

    [Fact]
    public async Task Check_WhenBothUnknownFlagsAreGiven_RefusesTheContradiction() =>
        AssertUsageError(await PreflightProcess.RunAsync("check", "--offline", "--request", Request, "--allow-unknown", "--fail-on-unknown"), "give either --allow-unknown or --fail-on-unknown");

    [Fact]
    public async Task Check_WhenFormatIsMisspelt_SuggestsTheFormat() =>
        AssertUsageError(await PreflightProcess.RunAsync("check", "--offline", "--request", Request, "--format", "sarfi"), "unknown --format 'sarfi' (did you mean 'sarif'?)");

    [Fact]
    public async Task Check_WhenFailOnIsMisspelt_SuggestsTheLevel() =>
        AssertUsageError(await PreflightProcess.RunAsync("check", "--offline", "--request", Request, "--fail-on", "warn"), "--fail-on 'warn' is not one of error, warning, note, never");
}
