using System.Net;
using System.Text.Json;
using PreflightCheck.IntegrationTests.AwsFake;

namespace PreflightCheck.IntegrationTests.AwsFakeTests;

public sealed class LambdaTests
{
    [Fact]
    public async Task Invoke_WhenSignedByTheSdkSigner_ReturnsTheScenarioPayloadAndExecutedVersion()
    {
        await using var server = await AwsFakeServer.StartAsync("healthy");
        using var http = SignedHttp.Client();

        using var response = await SignedHttp.SendAsync(http, server, "lambda", HttpMethod.Post, "/2015-03-31/functions/registry-credentials/invocations", "{}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("$LATEST", response.Headers.GetValues("X-Amz-Executed-Version").Single());
        Assert.False(response.Headers.Contains("X-Amz-Function-Error"));
        using var payload = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("preflight", payload.RootElement.GetProperty("Credentials").GetProperty("Username").GetString());
        Assert.Equal(("lambda", "Invoke"), (server.Calls.Single().Service, server.Calls.Single().Operation));
    }
}

public sealed class LambdaModeTests
{
    private static Task<HttpResponseMessage> InvokeAsync(HttpClient http, AwsFakeServer server, string function) =>
        SignedHttp.SendAsync(http, server, "lambda", HttpMethod.Post, $"/2015-03-31/functions/{function}/invocations", "{}");

    [Fact]
    public async Task Invoke_WhenTheFunctionRaises_SetsFunctionErrorHeaderWithErrorPayload()
    {
        await using var server = await AwsFakeServer.StartAsync("faults");
        using var http = SignedHttp.Client();

        using var response = await InvokeAsync(http, server, "failing-provider");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Unhandled", response.Headers.GetValues("X-Amz-Function-Error").Single());
        using var payload = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("KeyError: 'Password'", payload.RootElement.GetProperty("errorMessage").GetString());
    }

    [Fact]
    public async Task Invoke_WhenTheFunctionTimesOut_ReportsTheTimeoutAsAFunctionError()
    {
        await using var server = await AwsFakeServer.StartAsync("faults");
        using var http = SignedHttp.Client();

        using var response = await InvokeAsync(http, server, "slow-provider");

        Assert.Equal("Unhandled", response.Headers.GetValues("X-Amz-Function-Error").Single());
        Assert.Contains("Task timed out after 3.00 seconds", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_WhenTheFunctionReturnsSixMegabytes_StreamsThatManyBytesOfJson()
    {
        await using var server = await AwsFakeServer.StartAsync("faults");
        using var http = SignedHttp.Client();

        using var response = await InvokeAsync(http, server, "huge-provider");
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(6 * 1024 * 1024, bytes.Length);
        using var payload = JsonDocument.Parse(bytes);
        Assert.Equal(JsonValueKind.String, payload.RootElement.GetProperty("padding").ValueKind);
    }

    [Fact]
    public async Task Invoke_WhenDelayed_StillAnswersWithCredentials()
    {
        await using var server = await AwsFakeServer.StartAsync("faults");
        using var http = SignedHttp.Client();

        using var response = await InvokeAsync(http, server, "delayed-provider");

        Assert.Contains("\"Credentials\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_WhenTheFunctionDoesNotExist_Returns404WithErrorTypeHeader()
    {
        await using var server = await AwsFakeServer.StartAsync("healthy");
        using var http = SignedHttp.Client();

        using var response = await InvokeAsync(http, server, "no-such-function");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("ResourceNotFoundException", response.Headers.GetValues("x-amzn-ErrorType").Single());
        Assert.Contains("function:no-such-function", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetFunction_WhenAddressedByArn_ReturnsConfigurationFields()
    {
        await using var server = await AwsFakeServer.StartAsync("broken");
        using var http = SignedHttp.Client();
        var arn = Uri.EscapeDataString("arn:aws:lambda:us-east-1:123456789012:function:registry-creds");

        using var response = await SignedHttp.SendAsync(http, server, "lambda", HttpMethod.Get, $"/2015-03-31/functions/{arn}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var configuration = body.RootElement.GetProperty("Configuration");
        Assert.Equal("Active", configuration.GetProperty("State").GetString());
        Assert.Equal("Failed", configuration.GetProperty("LastUpdateStatus").GetString());
        Assert.Equal(3, configuration.GetProperty("Timeout").GetInt32());
        Assert.Equal("arn:aws:lambda:us-east-1:123456789012:function:registry-creds", configuration.GetProperty("FunctionArn").GetString());
        Assert.Equal("fake-literal-password-in-env", configuration.GetProperty("Environment").GetProperty("Variables").GetProperty("REGISTRY_PASSWORD").GetString());
    }

    [Fact]
    public async Task GetPolicy_WhenTheFunctionHasAResourcePolicy_ReturnsItAsAJsonString()
    {
        await using var server = await AwsFakeServer.StartAsync("healthy");
        using var http = SignedHttp.Client();

        using var response = await SignedHttp.SendAsync(http, server, "lambda", HttpMethod.Get, "/2015-03-31/functions/registry-credentials/policy");

        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        using var policy = JsonDocument.Parse(body.RootElement.GetProperty("Policy").GetString()!);
        Assert.Equal("lambda:InvokeFunction", policy.RootElement.GetProperty("Statement")[0].GetProperty("Action").GetString());
    }

    [Fact]
    public async Task GetPolicy_WhenTheFunctionHasNone_Returns404ResourceNotFound()
    {
        await using var server = await AwsFakeServer.StartAsync("broken");
        using var http = SignedHttp.Client();

        using var response = await SignedHttp.SendAsync(http, server, "lambda", HttpMethod.Get, "/2015-03-31/functions/registry-creds/policy");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("ResourceNotFoundException", response.Headers.GetValues("x-amzn-ErrorType").Single());
    }

    [Fact]
    public async Task Calls_AfterAnInvoke_HoldNoCredentialFromTheResponseOrTheSignature()
    {
        await using var server = await AwsFakeServer.StartAsync("healthy");
        using var http = SignedHttp.Client();

        using var response = await InvokeAsync(http, server, "registry-credentials");
        Assert.Contains("fake-registry-password-1", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var recorded = string.Join("\n", server.Calls.SelectMany(c => c.Parameters.Select(p => p.Key + "=" + p.Value)));
        Assert.DoesNotContain("fake-registry-password-1", recorded, StringComparison.Ordinal);
        Assert.DoesNotContain("Signature", recorded, StringComparison.Ordinal);
        Assert.DoesNotContain("fake-secret-key", recorded, StringComparison.Ordinal);
    }
}
