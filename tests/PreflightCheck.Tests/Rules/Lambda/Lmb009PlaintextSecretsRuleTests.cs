using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Lambda;
using static PreflightCheck.Tests.Rules.Network.AwsFactsBuilder;

namespace PreflightCheck.Tests.Rules.Lambda;

public partial class LambdaFunctionRulesTests
{
    [Covers("PFC-LMB-009", Outcome.Fail)]
    [Fact]
    public void PlaintextSecrets_WhenPasswordIsLiteral_WarnsWithoutTheValue()
    {
        var aws = Good().WithFunction(f => f with { Environment = [new LambdaEnvironmentVariable("REGISTRY_PASSWORD", EnvValueKind.Literal), new LambdaEnvironmentVariable("LOG_LEVEL", EnvValueKind.Literal)] });

        var finding = Single(new PlaintextSecretsRule(), aws);

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("REGISTRY_PASSWORD", finding.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("LOG_LEVEL", finding.Message, StringComparison.Ordinal);
    }

    [Covers("PFC-LMB-009", Outcome.Pass)]
    [Fact]
    public void PlaintextSecrets_WhenNoSecretLikeVariable_Passes() =>
        Assert.Equal(Outcome.Pass, Single(new PlaintextSecretsRule(), Good()).Outcome);
}
