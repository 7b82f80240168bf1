using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Lambda;
using static PreflightCheck.Tests.Rules.Network.AwsFactsBuilder;

namespace PreflightCheck.Tests.Rules.Lambda;

public partial class LambdaFunctionRulesTests
{
    [Covers("PFC-LMB-006", Outcome.Fail)]
    [Fact]
    public void FunctionExists_WhenNotFound_Fails()
    {
        var aws = Good().WithFunction(f => new LambdaFunctionFacts(f.Arn, new AwsStatus(CollectionStatus.NotFound, "ResourceNotFoundException")));

        var finding = Single(new FunctionExistsRule(), aws);

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Equal(Provider, finding.Evidence!["provider"]);
    }

    [Covers("PFC-LMB-006", Outcome.Fail)]
    [Fact]
    public void FunctionExists_WhenFailedUpdateInAnotherRegion_FailsNamingBoth()
    {
        var aws = Good().WithFunction(f => f with { Region = "eu-west-1", LastUpdateStatus = "Failed" });

        var finding = Single(new FunctionExistsRule(), aws);

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("eu-west-1", finding.Message, StringComparison.Ordinal);
        Assert.Contains("Failed", finding.Message, StringComparison.Ordinal);
    }

    [Covers("PFC-LMB-006", Outcome.Fail)]
    [Fact]
    public void FunctionExists_WhenInactive_Fails() =>
        Assert.Equal(Outcome.Fail, Single(new FunctionExistsRule(), Good().WithFunction(f => f with { State = "Inactive" })).Outcome);

    [Covers("PFC-LMB-006", Outcome.Unknown)]
    [Fact]
    public void FunctionExists_WhenGetFunctionDenied_IsUnknownNamingTheAction()
    {
        var aws = Good().WithFunction(f => new LambdaFunctionFacts(f.Arn, Denied("lambda:GetFunction")));

        var finding = Single(new FunctionExistsRule(), aws);

        Assert.Equal(Outcome.Unknown, finding.Outcome);
        Assert.Contains("lambda:GetFunction", finding.Message, StringComparison.Ordinal);
    }

    [Covers("PFC-LMB-006", Outcome.Pass)]
    [Fact]
    public void FunctionExists_WhenActiveInTheModelRegion_Passes() =>
        Assert.Equal(Outcome.Pass, Single(new FunctionExistsRule(), Good()).Outcome);
}
