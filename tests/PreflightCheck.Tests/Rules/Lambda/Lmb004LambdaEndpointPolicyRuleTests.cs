using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Lambda;
using static PreflightCheck.Tests.Rules.Network.AwsFactsBuilder;

namespace PreflightCheck.Tests.Rules.Lambda;

public partial class LambdaEndpointRulesTests
{
    [Covers("PFC-LMB-004", Outcome.Fail)]
    [Fact]
    public void EndpointPolicy_WhenPolicyAllowsOnlyTheUnqualifiedArn_Fails()
    {
        var policy = """{"Statement":[{"Effect":"Allow","Principal":{"AWS":"ROLE"},"Action":"lambda:InvokeFunction","Resource":"PROVIDER"}]}""".Replace("ROLE", Role, StringComparison.Ordinal).Replace("PROVIDER", Provider, StringComparison.Ordinal);

        var finding = Single(new LambdaEndpointPolicyRule(), Good().WithEndpoints(LambdaEndpoint with { PolicyDocument = policy }));

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains(Provider + ":*", finding.Message, StringComparison.Ordinal);
    }

    [Covers("PFC-LMB-004", Outcome.Pass)]
    [Fact]
    public void EndpointPolicy_WhenPolicyAllowsBothFormsForTheAccount_Passes()
    {
        var policy = """{"Statement":{"Sid":"Creds","Effect":"Allow","Principal":{"AWS":["arn:aws:iam::ACCOUNT:root"]},"Action":["lambda:Invoke*"],"Resource":["PROVIDER","PROVIDER:*"]}}""".Replace("ACCOUNT", Account, StringComparison.Ordinal).Replace("PROVIDER", Provider, StringComparison.Ordinal);

        var finding = Single(new LambdaEndpointPolicyRule(), Good().WithEndpoints(LambdaEndpoint with { PolicyDocument = policy }));

        Assert.Equal(Outcome.Pass, finding.Outcome);
        Assert.Contains("statement \"Creds\"", finding.Message, StringComparison.Ordinal);
    }

    [Covers("PFC-LMB-004", Outcome.Pass)]
    [Fact]
    public void EndpointPolicy_WhenDefaultFullAccessDocument_Passes()
    {
        const string policy = """{"Statement":[{"Action":"*","Effect":"Allow","Principal":"*","Resource":"*"}]}""";

        Assert.Equal(Outcome.Pass, Single(new LambdaEndpointPolicyRule(), Good().WithEndpoints(LambdaEndpoint with { PolicyDocument = policy })).Outcome);
    }

    [Covers("PFC-LMB-004", Outcome.Fail)]
    [Fact]
    public void EndpointPolicy_WhenADenyMatches_Fails()
    {
        const string policy = """{"Statement":[{"Action":"*","Effect":"Allow","Principal":"*","Resource":"*"},{"Action":"lambda:*","Effect":"Deny","Principal":"*","Resource":"*"}]}""";

        Assert.Equal(Outcome.Fail, Single(new LambdaEndpointPolicyRule(), Good().WithEndpoints(LambdaEndpoint with { PolicyDocument = policy })).Outcome);
    }

    [Covers("PFC-LMB-004", Outcome.Unknown)]
    [Fact]
    public void EndpointPolicy_WhenDocumentIsNotJson_IsUnknown() =>
        Assert.Equal(Outcome.Unknown, Single(new LambdaEndpointPolicyRule(), Good().WithEndpoints(LambdaEndpoint with { PolicyDocument = "{not json" })).Outcome);
}
