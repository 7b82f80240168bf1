using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Lambda;
using static PreflightCheck.Tests.Rules.Network.AwsFactsBuilder;

namespace PreflightCheck.Tests.Rules.Lambda;

public partial class LambdaInvocationRulesTests
{
    [Covers("PFC-LMB-007", Outcome.Fail)]
    [Fact]
    public void ResponseShape_WhenApiGatewayWrapper_FailsNamingTheMistake()
    {
        var finding = Single(new CredentialResponseShapeRule(), Shape(PayloadMistake.StatusCodeBodyWrapper));

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("API Gateway", finding.Message, StringComparison.Ordinal);
        Assert.Equal("statusCode, body", finding.Evidence!["topLevelKeys"]);
    }

    [Covers("PFC-LMB-007", Outcome.Fail)]
    [Theory]
    [InlineData((int)PayloadMistake.LowerCaseKeys, "lower-case")]
    [InlineData((int)PayloadMistake.JsonInString, "JSON string")]
    [InlineData((int)PayloadMistake.MissingCredentialsWrapper, "top level")]
    public void ResponseShape_WhenCommonMistake_FailsNamingIt(int mistake, string words) =>
        Assert.Contains(words, Single(new CredentialResponseShapeRule(), Shape((PayloadMistake)mistake)).Message, StringComparison.Ordinal);

    [Covers("PFC-LMB-007", Outcome.Fail)]
    [Fact]
    public void ResponseShape_WhenPasswordEmpty_Fails()
    {
        var aws = Good().WithInvocation(i => i with { Shape = i.Shape! with { PasswordIsNonEmptyString = false } });

        Assert.Contains("Password is missing, empty", Single(new CredentialResponseShapeRule(), aws).Message, StringComparison.Ordinal);
    }

    [Covers("PFC-LMB-007", Outcome.Fail)]
    [Fact]
    public void ResponseShape_WhenFunctionErrors_Fails() =>
        Assert.Equal(Outcome.Fail, Single(new CredentialResponseShapeRule(), Good().WithInvocation(i => i with { FunctionError = "Unhandled", ErrorType = "KeyError", Shape = null })).Outcome);

    [Covers("PFC-LMB-007", Outcome.Fail)]
    [Fact]
    public void ResponseShape_WhenResponseTooLarge_Fails()
    {
        var aws = Good().WithInvocation(i => i with { Status = new AwsStatus(CollectionStatus.Invalid, "response over the cap"), TooLarge = true, SizeBytes = 6_000_000, Shape = null });

        Assert.Contains("6000000 bytes", Single(new CredentialResponseShapeRule(), aws).Message, StringComparison.Ordinal);
    }

    [Covers("PFC-LMB-007", Outcome.Unknown)]
    [Fact]
    public void ResponseShape_WhenTheToolsDeadlinePassed_IsUnknownNotBlamingTheFunction()
    {
        var aws = Good()
            .WithInvocation(i => i with { Status = new AwsStatus(CollectionStatus.Timeout, "lambda:InvokeFunction: no answer within 2 s", "lambda:InvokeFunction"), Shape = null, LatencyMs = null })
            .WithFunction(f => f with { TimeoutSeconds = 10 });

        var finding = Single(new CredentialResponseShapeRule(), aws);

        Assert.Equal(Outcome.Unknown, finding.Outcome);
        Assert.Contains("--timeout above 10 s", finding.Message, StringComparison.Ordinal);
    }

    [Covers("PFC-LMB-007", Outcome.Fail)]
    [Fact]
    public void ResponseShape_WhenTheFunctionHitItsOwnTimeout_FailsNamingIt()
    {
        var aws = Good()
            .WithInvocation(i => i with { FunctionError = "Unhandled", ErrorType = null, FunctionTimedOut = true, Shape = null })
            .WithFunction(f => f with { TimeoutSeconds = 3 });

        var finding = Single(new CredentialResponseShapeRule(), aws);

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("ran out of its own timeout of 3 s", finding.Message, StringComparison.Ordinal);
    }

    [Covers("PFC-LMB-007", Outcome.Unknown)]
    [Fact]
    public void ResponseShape_WhenNotInvoked_IsUnknown()
    {
        var finding = Single(new CredentialResponseShapeRule(), Good().WithInvocation(i => new LambdaInvocationFacts(i.Arn, AwsStatus.Skipped("--no-invoke"))));

        Assert.Equal(Outcome.Unknown, finding.Outcome);
        Assert.Contains("--no-invoke", finding.Message, StringComparison.Ordinal);
    }

    [Covers("PFC-LMB-007", Outcome.Unknown)]
    [Fact]
    public void ResponseShape_WhenInvokeDenied_IsUnknownNamingTheAction() =>
        Assert.Contains("lambda:InvokeFunction", Single(new CredentialResponseShapeRule(), Good().WithInvocation(i => new LambdaInvocationFacts(i.Arn, Denied("lambda:InvokeFunction")))).Message, StringComparison.Ordinal);

    [Covers("PFC-LMB-007", Outcome.Pass)]
    [Fact]
    public void ResponseShape_WhenUsernameAndPasswordAreReturned_Passes() =>
        Assert.Equal(Outcome.Pass, Single(new CredentialResponseShapeRule(), Good()).Outcome);
}
