using Amazon.EC2;
using Amazon.Runtime;
using Amazon.SecurityToken;
using PreflightCheck.IntegrationTests.AwsFake;

namespace PreflightCheck.IntegrationTests.AwsFakeTests;

/// <summary>Real AWS SDK clients pointed at the fake, with static test credentials and bounded timeouts.</summary>
internal static class FakeClients
{
    public static readonly BasicAWSCredentials Credentials = new("AKIDFAKEPREFLIGHT001", "fake-secret-key-never-sent");

    public static AmazonEC2Client Ec2(AwsFakeServer server) => new(Credentials, new AmazonEC2Config
    {
        ServiceURL = server.Endpoint.ToString(),
        AuthenticationRegion = server.Scenario.Region,
        Timeout = TimeSpan.FromSeconds(10),
        MaxErrorRetry = 3,
    });

    public static AmazonSecurityTokenServiceClient Sts(AwsFakeServer server) => new(Credentials, new AmazonSecurityTokenServiceConfig
    {
        ServiceURL = server.Endpoint.ToString(),
        AuthenticationRegion = server.Scenario.Region,
        Timeout = TimeSpan.FromSeconds(10),
    });
}
