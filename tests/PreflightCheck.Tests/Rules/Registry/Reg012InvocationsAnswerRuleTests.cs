using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Registry;
using static PreflightCheck.Tests.Rules.Registry.RegistryFactsBuilder;
using static PreflightCheck.Tests.Rules.Registry.RunTest.RunTestFactsBuilder;

namespace PreflightCheck.Tests.Rules.Registry.RunTest;

public sealed class Reg012InvocationsAnswerRuleTests
{
    private static readonly InvocationsAnswerRule Rule = new();

    [Covers("PFC-REG-012", Outcome.Pass)]
    [Fact]
    public void Reg012_WhenInvocationAnswers200_PassesWithLatencyAndSize()
    {
        var test = Healthy() with { Invocation = new InvocationFacts("sample.json", "application/json", 200, 42, 17) };

        var finding = Single(Rule, With(test));

        Assert.Equal(Outcome.Pass, finding.Outcome);
        Assert.Equal("42", finding.Evidence!["latencyMs"]);
        Assert.Equal("17", finding.Evidence["responseBytes"]);
    }

    [Covers("PFC-REG-012", Outcome.Fail)]
    [Theory]
    [InlineData(415)]
    [InlineData(500)]
    public void Reg012_WhenInvocationAnswersNon2xx_Fails(int status)
    {
        var test = Healthy() with { Invocation = new InvocationFacts("sample.csv", "text/csv", status, 5, 0) };

        var finding = Single(Rule, With(test));

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains($"answered {status}", finding.Message, StringComparison.Ordinal);
    }

    [Covers("PFC-REG-012", Outcome.NotApplicable)]
    [Fact]
    public void Reg012_WhenNoSampleGiven_NotApplicableNamingTheOption()
    {
        var finding = Single(Rule, With(Healthy()));

        Assert.Equal(Outcome.NotApplicable, finding.Outcome);
        Assert.Contains("--invoke-sample", finding.Message, StringComparison.Ordinal);
    }

    [Covers("PFC-REG-012", Outcome.Unknown)]
    [Fact]
    public void Reg012_WhenPingNeverAnswered_Unknown()
    {
        var finding = Single(Rule, With(Healthy() with { PingReadyMs = null, ExitCode = 1 }));

        Assert.Equal(Outcome.Unknown, finding.Outcome);
    }
}
