using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Registry;
using static PreflightCheck.Tests.Rules.Registry.RegistryFactsBuilder;
using static PreflightCheck.Tests.Rules.Registry.RunTest.RunTestFactsBuilder;

namespace PreflightCheck.Tests.Rules.Registry.RunTest;

public sealed class Reg011ContainerAnswersPingRuleTests
{
    private static readonly ContainerAnswersPingRule Rule = new();

    [Covers("PFC-REG-011", Outcome.Pass)]
    [Fact]
    public void Reg011_WhenPingAnswered200_PassesWithTheTime()
    {
        var finding = Single(Rule, With(Healthy()));

        Assert.Equal(Outcome.Pass, finding.Outcome);
        Assert.Contains("after 850 ms", finding.Message, StringComparison.Ordinal);
        Assert.Equal("850", finding.Evidence!["pingReadyMs"]);
    }

    [Covers("PFC-REG-011", Outcome.Fail)]
    [Fact]
    public void Reg011_WhenServeExits1_FailsWithExitCodeAndLastLogLine()
    {
        var test = Healthy() with { PingReadyMs = null, ExitCode = 1, LogTail = ["loading model", "error: /opt/ml/model/model.pt not found"] };

        var finding = Single(Rule, With(test));

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("exited with code 1", finding.Message, StringComparison.Ordinal);
        Assert.Contains("model.pt not found", finding.Message, StringComparison.Ordinal);
        Assert.Equal("1", finding.Evidence!["exitCode"]);
    }

    [Covers("PFC-REG-011", Outcome.Fail)]
    [Fact]
    public void Reg011_WhenRunningButNoAnswerWithinWindow_FailsNamingTheWindowAndLastError()
    {
        var test = Healthy() with { PingReadyMs = null, PingLast = "Connection refused (127.0.0.1:41234)", PingTimeoutSeconds = 5, PingTimeoutSource = "--run-timeout (the plan allows 480 s)" };

        var finding = Single(Rule, With(test));

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("within 5 s", finding.Message, StringComparison.Ordinal);
        Assert.Contains("Connection refused", finding.Message, StringComparison.Ordinal);
    }

    [Covers("PFC-REG-011", Outcome.Unknown)]
    [Fact]
    public void Reg011_WhenEngineUnreachable_UnknownSayingWhy()
    {
        var test = new RunTestFacts("vpc-model", "Primary", "img", CollectionStatus.Unreachable, "cannot reach the Docker Engine at unix:///var/run/docker.sock: No such file or directory", "unix:///var/run/docker.sock");

        var finding = Single(Rule, With(test, CollectionStatus.Unreachable, test.Message));

        Assert.Equal(Outcome.Unknown, finding.Outcome);
        Assert.Contains("No such file or directory", finding.Message, StringComparison.Ordinal);
    }

    [Covers("PFC-REG-011", Outcome.NotApplicable)]
    [Fact]
    public void Reg011_WhenRunTestNotAsked_NotApplicable()
    {
        var finding = Single(Rule, Snapshot());

        Assert.Equal(Outcome.NotApplicable, finding.Outcome);
        Assert.Contains("--run-test", finding.Message, StringComparison.Ordinal);
    }
}
