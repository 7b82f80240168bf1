using System.Net;
using System.Text.Json;
using PreflightCheck.IntegrationTests.AwsFake;

namespace PreflightCheck.IntegrationTests.AwsFakeTests;

public sealed class SageMakerTests
{
    private static async Task<(HttpStatusCode Status, JsonElement Body)> CallAsync(AwsFakeServer server, string operation, string body)
    {
        using var http = SignedHttp.Client();
        using var response = await SignedHttp.SendAsync(http, server, "sagemaker", HttpMethod.Post, "/", body, "application/x-amz-json-1.1",
            new Dictionary<string, string> { ["X-Amz-Target"] = "SageMaker." + operation });
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, document.RootElement.Clone());
    }

    [Fact]
    public async Task DescribeModel_WhenTheModelExists_ReturnsImageConfigAndVpcConfig()
    {
        await using var server = await AwsFakeServer.StartAsync("healthy");

        var (status, model) = await CallAsync(server, "DescribeModel", "{\"ModelName\":\"private-registry-model\"}");

        Assert.Equal(HttpStatusCode.OK, status);
        var container = model.GetProperty("PrimaryContainer");
        Assert.Equal("127.20.0.7:5000/models/classifier:1.0", container.GetProperty("Image").GetString());
        Assert.Equal("Vpc", container.GetProperty("ImageConfig").GetProperty("RepositoryAccessMode").GetString());
        Assert.Equal("arn:aws:lambda:us-east-1:123456789012:function:registry-credentials",
            container.GetProperty("ImageConfig").GetProperty("RepositoryAuthConfig").GetProperty("RepositoryCredentialsProviderArn").GetString());
        Assert.Equal(["subnet-0a1000000000000a1", "subnet-0a2000000000000a2"], model.GetProperty("VpcConfig").GetProperty("Subnets").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(JsonValueKind.Number, model.GetProperty("CreationTime").ValueKind);
    }

    [Fact]
    public async Task DescribeModel_WhenTheModelIsMissing_ReturnsValidationException()
    {
        await using var server = await AwsFakeServer.StartAsync("healthy");

        var (status, error) = await CallAsync(server, "DescribeModel", "{\"ModelName\":\"ghost\"}");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("ValidationException", error.GetProperty("__type").GetString());
        Assert.StartsWith("Could not find model", error.GetProperty("Message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DescribeEndpoint_WhenTheEndpointFailed_CarriesFailureReasonOnlyWhenOneIsSet()
    {
        await using var server = await AwsFakeServer.StartAsync("broken");

        var (_, failed) = await CallAsync(server, "DescribeEndpoint", "{\"EndpointName\":\"broken-endpoint\"}");
        var (_, silent) = await CallAsync(server, "DescribeEndpoint", "{\"EndpointName\":\"failed-without-reason\"}");
        var (_, config) = await CallAsync(server, "DescribeEndpointConfig", "{\"EndpointConfigName\":\"" + failed.GetProperty("EndpointConfigName").GetString() + "\"}");

        Assert.Equal("Failed", failed.GetProperty("EndpointStatus").GetString());
        Assert.Contains("credential provider", failed.GetProperty("FailureReason").GetString(), StringComparison.Ordinal);
        Assert.False(silent.TryGetProperty("FailureReason", out _));
        Assert.Equal("broken-model", config.GetProperty("ProductionVariants")[0].GetProperty("ModelName").GetString());
        Assert.Equal(3, config.GetProperty("ProductionVariants")[0].GetProperty("InitialInstanceCount").GetInt32());
    }

    [Fact]
    public async Task ListModels_WhenThereAreMoreThanAPage_PagesWithNextToken()
    {
        await using var server = await AwsFakeServer.StartAsync("healthy");

        var names = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var body = token is null ? "{}" : JsonSerializer.Serialize(new { NextToken = token });
            var (_, page) = await CallAsync(server, "ListModels", body);
            names.AddRange(page.GetProperty("Models").EnumerateArray().Select(m => m.GetProperty("ModelName").GetString()!));
            token = page.TryGetProperty("NextToken", out var next) ? next.GetString() : null;
            pages++;
        }
        while (token is not null && pages < 10);

        Assert.Equal(2, pages);
        Assert.Equal(server.Scenario.Models.Select(m => m.Name), names);
    }
}
