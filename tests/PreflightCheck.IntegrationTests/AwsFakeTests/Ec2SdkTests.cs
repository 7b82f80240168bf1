using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.SecurityToken.Model;
using PreflightCheck.IntegrationTests.AwsFake;

namespace PreflightCheck.IntegrationTests.AwsFakeTests;

public sealed class Ec2SdkTests
{
    [Fact]
    public async Task DescribeSubnets_WhenPagedByTheSdkPaginator_ReturnsEverySubnetOnceAcrossPages()
    {
        await using var server = await AwsFakeServer.StartAsync("healthy");
        using var ec2 = FakeClients.Ec2(server);

        var ids = new List<string>();
        await foreach (var subnet in ec2.Paginators.DescribeSubnets(new DescribeSubnetsRequest()).Subnets)
        {
            ids.Add(subnet.SubnetId);
        }

        Assert.Equal(server.Scenario.Subnets.Select(s => s.Id).Order(), ids.Order());
        Assert.Equal(2, server.CallCount("ec2", "DescribeSubnets"));
        Assert.Contains(server.Calls, c => c.Operation == "DescribeSubnets" && c.Parameters.ContainsKey("NextToken"));
    }

    [Fact]
    public async Task DescribeSubnets_WhenFilteredByVpcAndIds_ReturnsTheTypedFields()
    {
        await using var server = await AwsFakeServer.StartAsync("healthy");
        using var ec2 = FakeClients.Ec2(server);

        var response = await ec2.DescribeSubnetsAsync(new DescribeSubnetsRequest
        {
            SubnetIds = ["subnet-0a1000000000000a1", "subnet-0a2000000000000a2", "subnet-0b1000000000000b1"],
            Filters = [new Filter("vpc-id", ["vpc-0a1a1a1a1a1a1a1a1"])],
        });

        Assert.Equal(["subnet-0a1000000000000a1", "subnet-0a2000000000000a2"], response.Subnets.Select(s => s.SubnetId).Order());
        var first = response.Subnets.Single(s => s.SubnetId == "subnet-0a1000000000000a1");
        Assert.Equal("127.20.1.0/24", first.CidrBlock);
        Assert.Equal("us-east-1a", first.AvailabilityZone);
        Assert.Equal(240, first.AvailableIpAddressCount);
        Assert.Null(response.NextToken);
    }

    [Fact]
    public async Task DescribeSubnets_WhenAnIdDoesNotExist_ThrowsTheSdkExceptionWithTheNotFoundCode()
    {
        await using var server = await AwsFakeServer.StartAsync("healthy");
        using var ec2 = FakeClients.Ec2(server);

        var error = await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2.DescribeSubnetsAsync(new DescribeSubnetsRequest { SubnetIds = ["subnet-0dead"] }));

        Assert.Equal("InvalidSubnetID.NotFound", error.ErrorCode);
        Assert.Contains("subnet-0dead", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetCallerIdentity_WhenCalledThroughTheSdk_ReturnsTheScenarioCaller()
    {
        await using var server = await AwsFakeServer.StartAsync("healthy");
        using var sts = FakeClients.Sts(server);

        var identity = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest());

        Assert.Equal("123456789012", identity.Account);
        Assert.Equal("arn:aws:iam::123456789012:user/deployer", identity.Arn);
        Assert.Equal("AIDAHEALTHYDEPLOYER1", identity.UserId);
        var call = Assert.Single(server.Calls);
        Assert.Equal(("sts", "GetCallerIdentity", "AKIDFAKEPREFLIGHT001"), (call.Service, call.Operation, call.AccessKeyId));
    }
}
