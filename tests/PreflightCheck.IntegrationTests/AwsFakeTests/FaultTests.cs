using System.Diagnostics;
using System.Net;
using Amazon.EC2;
using Amazon.EC2.Model;
using PreflightCheck.IntegrationTests.AwsFake;

namespace PreflightCheck.IntegrationTests.AwsFakeTests;

public sealed class FaultTests
{
    [Fact]
    public async Task DescribeSecurityGroups_WhenAccessDenied_SurfacesAsSdkExceptionWithUnauthorizedOperation()
    {
        await using var server = await AwsFakeServer.StartAsync("faults");
        using var ec2 = FakeClients.Ec2(server);

        var error = await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2.DescribeSecurityGroupsAsync(new DescribeSecurityGroupsRequest { GroupIds = ["sg-0f1"] }));

        Assert.Equal("UnauthorizedOperation", error.ErrorCode);
        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Contains("ec2:DescribeSecurityGroups", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, server.CallCount("ec2", "DescribeSecurityGroups"));
    }

    [Fact]
    public async Task DescribeSubnets_WhenThrottledTwice_IsRetriedBySdkAndSucceeds()
    {
        await using var server = await AwsFakeServer.StartAsync("faults");
        using var ec2 = FakeClients.Ec2(server);

        var response = await ec2.DescribeSubnetsAsync(new DescribeSubnetsRequest());

        Assert.Equal(["subnet-0f1", "subnet-0f2"], response.Subnets.Select(s => s.SubnetId).Order());
        Assert.Equal(3, server.CallCount("ec2", "DescribeSubnets"));
    }

    [Fact]
    public async Task DescribeRouteTables_WhenTheServiceFails_SurfacesHttp500AfterSdkRetries()
    {
        await using var server = await AwsFakeServer.StartAsync("faults");
        using var ec2 = FakeClients.Ec2(server);

        var error = await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2.DescribeRouteTablesAsync(new DescribeRouteTablesRequest()));

        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Equal("InternalError", error.ErrorCode);
        Assert.True(server.CallCount("ec2", "DescribeRouteTables") >= 2, "a 500 is retryable, so the SDK should have retried");
    }

    [Fact]
    public async Task SimulatePrincipalPolicy_WhenAccessDenied_ReturnsIamErrorResponse()
    {
        await using var server = await AwsFakeServer.StartAsync("faults");
        using var http = SignedHttp.Client();

        using var response = await SignedHttp.QueryAsync(http, server, "iam", "2010-05-08", "SimulatePrincipalPolicy",
            ("PolicySourceArn", "arn:aws:iam::210987654321:role/FaultyExecution"), ("ActionNames.member.1", "lambda:InvokeFunction"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("<Code>AccessDenied</Code>", body, StringComparison.Ordinal);
        Assert.Contains("iam:SimulatePrincipalPolicy", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DescribeEndpoint_WhenThrottledOnce_FailsOnceThenAnswers()
    {
        await using var server = await AwsFakeServer.StartAsync("faults");
        using var http = SignedHttp.Client();
        var headers = new Dictionary<string, string> { ["X-Amz-Target"] = "SageMaker.DescribeEndpoint" };

        using var first = await SignedHttp.SendAsync(http, server, "sagemaker", HttpMethod.Post, "/", "{\"EndpointName\":\"nope\"}", "application/x-amz-json-1.1", headers);
        using var second = await SignedHttp.SendAsync(http, server, "sagemaker", HttpMethod.Post, "/", "{\"EndpointName\":\"nope\"}", "application/x-amz-json-1.1", headers);

        Assert.Contains("ThrottlingException", await first.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var answer = await second.Content.ReadAsStringAsync();
        Assert.Contains("ValidationException", answer, StringComparison.Ordinal);
        Assert.Contains("Could not find endpoint", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_WhenUnsigned_IsRejectedAndNotRecorded()
    {
        await using var server = await AwsFakeServer.StartAsync("healthy");
        using var http = SignedHttp.Client();

        using var response = await http.PostAsync(server.Endpoint, new FormUrlEncodedContent([new("Action", "DescribeVpcs"), new("Version", "2016-11-15")]));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("MissingAuthenticationToken", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(server.Calls);
    }

    [Fact]
    public async Task Request_WhenAuthorizationIsMalformed_IsRejectedAsIncompleteSignature()
    {
        await using var server = await AwsFakeServer.StartAsync("healthy");
        using var http = SignedHttp.Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, server.Endpoint)
        {
            Content = new FormUrlEncodedContent([new("Action", "DescribeVpcs"), new("Version", "2016-11-15")]),
        };
        request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDFAKE/20260101/us-east-1/ec2/aws4_request, Signature=abc");

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("<Code>IncompleteSignature</Code>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
