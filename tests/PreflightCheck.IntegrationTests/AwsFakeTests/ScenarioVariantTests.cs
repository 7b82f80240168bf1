using System.Net;
using System.Text.Json;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using PreflightCheck.IntegrationTests.AwsFake;

namespace PreflightCheck.IntegrationTests.AwsFakeTests;

/// <summary>Scenarios built in code from the committed ones, as integration tests will vary them.</summary>
public sealed class ScenarioVariantTests
{
    [Fact]
    public async Task GetCallerIdentity_WhenTheTokenHasExpired_SurfacesExpiredTokenFromTheSdk()
    {
        var scenario = Scenario.Load("healthy");
        scenario.Faults.Add(new FaultSpec { Service = "sts", Operation = "GetCallerIdentity", Kind = "expiredToken" });
        await using var server = await AwsFakeServer.StartAsync(scenario);
        using var sts = FakeClients.Sts(server);

        var error = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => sts.GetCallerIdentityAsync(new GetCallerIdentityRequest()));

        Assert.Equal("ExpiredToken", error.ErrorCode);
        Assert.DoesNotContain("fake-secret-key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetFunction_WhenTheFunctionLivesInAnotherAccount_ResolvesOnlyByThatAccountsArn()
    {
        var scenario = Scenario.Parse("""
            vpcs: [{ id: vpc-1, cidr: 127.70.0.0/16 }]
            functions:
              - name: shared-creds
                accountId: "999988887777"
                resourcePolicy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"lambda:InvokeFunction","Resource":"*"}]}'
            """);
        await using var server = await AwsFakeServer.StartAsync(scenario);
        using var http = SignedHttp.Client();

        using var found = await SignedHttp.SendAsync(http, server, "lambda", HttpMethod.Get,
            "/2015-03-31/functions/" + Uri.EscapeDataString("arn:aws:lambda:us-east-1:999988887777:function:shared-creds"));
        using var wrongAccount = await SignedHttp.SendAsync(http, server, "lambda", HttpMethod.Get,
            "/2015-03-31/functions/" + Uri.EscapeDataString("arn:aws:lambda:us-east-1:123456789012:function:shared-creds"));

        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        using var body = JsonDocument.Parse(await found.Content.ReadAsStringAsync());
        Assert.Equal("arn:aws:lambda:us-east-1:999988887777:function:shared-creds", body.RootElement.GetProperty("Configuration").GetProperty("FunctionArn").GetString());
        Assert.Equal(HttpStatusCode.NotFound, wrongAccount.StatusCode);
    }

    [Fact]
    public async Task ClientEnvironment_WhenRead_PointsTheSdkAtTheFakeOnLoopbackOnly()
    {
        await using var server = await AwsFakeServer.StartAsync("faults");

        var environment = server.ClientEnvironment();

        var endpoint = new Uri(environment["AWS_ENDPOINT_URL"]);
        Assert.True(IPAddress.IsLoopback(IPAddress.Parse(endpoint.Host)));
        Assert.Equal(server.Endpoint.Port, endpoint.Port);
        Assert.Equal("true", environment["AWS_EC2_METADATA_DISABLED"]);
        Assert.Equal("us-east-1", environment["AWS_REGION"]);
    }

    [Fact]
    public async Task Calls_WhenMadeConcurrently_AreAllRecordedWithTheirOperation()
    {
        await using var server = await AwsFakeServer.StartAsync("healthy", latencyMs: 50);
        using var ec2 = FakeClients.Ec2(server);
        await Task.WhenAll(
            ec2.DescribeVpcsAsync(new Amazon.EC2.Model.DescribeVpcsRequest()),
            ec2.DescribeNatGatewaysAsync(new Amazon.EC2.Model.DescribeNatGatewaysRequest()),
            ec2.DescribeInternetGatewaysAsync(new Amazon.EC2.Model.DescribeInternetGatewaysRequest()),
            ec2.DescribeDhcpOptionsAsync(new Amazon.EC2.Model.DescribeDhcpOptionsRequest()));

        Assert.Equal(
            new Dictionary<string, int> { ["ec2:DescribeDhcpOptions"] = 1, ["ec2:DescribeInternetGateways"] = 1, ["ec2:DescribeNatGateways"] = 1, ["ec2:DescribeVpcs"] = 1 },
            server.CallsPerOperation());
    }
}
