using PreflightCheck.Core.Rules;

namespace PreflightCheck.Tests.Engine;

public sealed class FailureReasonsTests
{
    [Fact]
    public void For_WhenSageMakerAsksForAnS3PathInVpcMode_PointsAtTheS3PathRuleOnly()
    {
        var matches = FailureReasons.For("Please ensure that an S3 VPC endpoint exists in route table or NAT gateway for the VPC mode.");

        var match = Assert.Single(matches);
        Assert.Equal(["PFC-NET-012"], match.Rules);
    }

    [Fact]
    public void For_WhenTheReasonIsAboutTheImage_DoesNotPointAtTheS3PathRule() =>
        Assert.DoesNotContain(FailureReasons.For("manifest unknown: make sure all images exist"), m => m.Rules.Contains("PFC-NET-012"));
}
