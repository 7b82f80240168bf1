using PreflightCheck.Core.Facts;
using PreflightCheck.Rules.Lambda;
using static PreflightCheck.Tests.Rules.Network.AwsFactsBuilder;

namespace PreflightCheck.Tests.Rules.Lambda;

public partial class LambdaFunctionRulesTests
{
    private static AwsFacts OtherAccountFunction(params PolicyStatementFacts[] statements) =>
        Good().WithFunction(f => f with { Account = "210987654321", Policy = new LambdaPolicyFacts(AwsStatus.Ok, statements) });

    [Theory]
    [InlineData("DB_PASSWORD", true)]
    [InlineData("api_key", true)]
    [InlineData("GITHUB_TOKEN", true)]
    [InlineData("ClientSecret", true)]
    [InlineData("REGISTRY_HOST", false)]
    [InlineData("LOG_LEVEL", false)]
    public void IsSecretLike_WhenNameGiven_SpotsSecretWords(string name, bool expected) =>
        Assert.Equal(expected, PlaintextSecretsRule.IsSecretLike(name));
}

public partial class LambdaInvocationRulesTests
{
    private static AwsFacts Shape(params PayloadMistake[] mistakes) =>
        Good().WithInvocation(i => i with { Shape = new PayloadShapeFacts(true, "object", ["statusCode", "body"], false, false, false, mistakes) });
}
