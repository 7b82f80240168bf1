using PreflightCheck.Core.Plan;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Registry;
using static PreflightCheck.Tests.Rules.Registry.RegistryFactsBuilder;
using static PreflightCheck.Tests.Rules.Registry.RunTest.RunTestFactsBuilder;

namespace PreflightCheck.Tests.Rules.Registry.RunTest;

public sealed class Reg013MemoryFitsInstanceRuleTests
{
    private static readonly MemoryFitsInstanceRule Rule = new();

    [Covers("PFC-REG-013", Outcome.Pass)]
    [Fact]
    public void Reg013_WhenPeakUnderInstanceMemory_Passes()
    {
        var finding = Single(Rule, With(Healthy()));

        Assert.Equal(Outcome.Pass, finding.Outcome);
        Assert.Contains("300 MiB", finding.Message, StringComparison.Ordinal);
        Assert.Contains("ml.m5.large", finding.Message, StringComparison.Ordinal);
    }

    [Covers("PFC-REG-013", Outcome.Fail)]
    [Fact]
    public void Reg013_WhenOomKilled_FailsNamingTheLimit()
    {
        var test = Healthy() with { MemoryLimitBytes = 16L * 1024 * 1024, MemoryLimitSource = "--run-memory", OomKilled = true, ExitCode = 137, PingReadyMs = null };

        var finding = Single(Rule, With(test));

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("16 MiB", finding.Message, StringComparison.Ordinal);
    }

    [Covers("PFC-REG-013", Outcome.Fail)]
    [Fact]
    public void Reg013_WhenKilledBySigkillWithoutOomFlag_FailsSayingTheEngineDidNotConfirm()
    {
        var test = Healthy() with { MemoryLimitBytes = 16L * 1024 * 1024, MemoryLimitSource = "--run-memory", ExitCode = 137, PingReadyMs = null, PeakMemoryBytes = 700_000 };

        var finding = Single(Rule, With(test));

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("exit code 137", finding.Message, StringComparison.Ordinal);
        Assert.Contains("did not confirm", finding.Message, StringComparison.Ordinal);
    }

    [Covers("PFC-REG-013", Outcome.Unknown)]
    [Fact]
    public void Reg013_WhenInstanceTypeUnknownAndNoRunMemory_Unknown()
    {
        var finding = Single(Rule, With(Healthy() with { MemoryLimitBytes = null, MemoryLimitSource = null }));

        Assert.Equal(Outcome.Unknown, finding.Outcome);
        Assert.Contains("--run-memory", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ml.m5.large", 8192)]
    [InlineData("ml.c5.9xlarge", 73728)]
    [InlineData("ml.g5.2xlarge", 32768)]
    [InlineData("ml.t2.medium", 4096)]
    [InlineData("ml.p3.2xlarge", 62464)]
    [InlineData("ml.c4.large", 3840)]
    [InlineData("ml.r6g.xlarge", 32768)]
    public void InstanceMemory_ForKnownTypes_MatchesTheEc2Specification(string type, long mib) =>
        Assert.Equal(mib, InstanceMemory.MiB(type));

    [Theory]
    [InlineData("ml.x9.large")]
    [InlineData("m5.large")]
    [InlineData("ml.m5.metal")]
    public void InstanceMemory_ForUnknownTypes_IsNull(string type) => Assert.Null(InstanceMemory.MiB(type));
}
