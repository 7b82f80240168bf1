using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Lambda;
using static PreflightCheck.Tests.Rules.Network.AwsFactsBuilder;

namespace PreflightCheck.Tests.Rules.Lambda;

public partial class LambdaInvocationRulesTests
{
    [Covers("PFC-LMB-010", Outcome.Fail)]
    [Theory]
    [InlineData(320L, 30, true)]
    [InlineData(5200L, 60, false)]
    [InlineData(2000L, 3, false)]
    [InlineData(1400L, 3, true)]
    public void InvocationLatency_WhenMeasured_NotesSlowCalls(long ms, int timeout, bool passes)
    {
        var aws = Good().WithInvocation(i => i with { LatencyMs = ms }).WithFunction(f => f with { TimeoutSeconds = timeout });

        Assert.Equal(passes ? Outcome.Pass : Outcome.Fail, Single(new InvocationLatencyRule(), aws).Outcome);
    }

    [Covers("PFC-LMB-010", Outcome.Unknown)]
    [Fact]
    public void InvocationLatency_WhenNotInvoked_IsUnknown() =>
        Assert.Equal(Outcome.Unknown, Single(new InvocationLatencyRule(), Good().WithInvocation(i => new LambdaInvocationFacts(i.Arn, AwsStatus.Skipped("--no-invoke")))).Outcome);

    [Covers("PFC-LMB-010", Outcome.Pass)]
    [Fact]
    public void InvocationLatency_WhenFast_Passes() =>
        Assert.Equal(Outcome.Pass, Single(new InvocationLatencyRule(), Good()).Outcome);
}
