namespace PreflightCheck.Core.Rules;

/// <summary>What an endpoint's or model's FailureReason points at: rule patterns, by the texts SageMaker and Docker print.</summary>
internal static class FailureReasons
{
    private static readonly (string[] Texts, string Requirement, string[] Rules)[] Table =
    [
        (["without Vpc repository access mode"], "a non-ECR image needs the Vpc repository access mode", ["PFC-CFG-001"]),
        (["x509", "certificate signed by unknown authority", "certificate has expired", "certificate is not valid", "tls:"],
            "the registry's certificate must chain to a public CA, be complete, name the host and be in date", ["PFC-TLS-002", "PFC-TLS-003", "PFC-TLS-004", "PFC-TLS-005"]),
        (["unauthorized", "authentication required", "no basic auth credentials", "denied", "credential"],
            "the credentials from the Lambda must let SageMaker pull", ["PFC-REG-003", "PFC-REG-004", "PFC-LMB-006", "PFC-LMB-007", "PFC-LMB-008", "PFC-IAM-002"]),
        (["manifest unknown", "not found", "make sure all images"], "the image must exist at the digest given", ["PFC-REG-005", "PFC-IMG-002", "PFC-REG-004"]),
        (["unsupported manifest media type"], "the manifest must be a media type SageMaker accepts", ["PFC-REG-006"]),
        (["i/o timeout", "dial tcp", "no such host", "context deadline exceeded"],
            "the model's network must reach the registry and the Lambda endpoint", ["NET", "PFC-REG-001", "PFC-LMB-001", "PFC-LMB-002", "PFC-LMB-003", "PFC-LMB-004", "PFC-LMB-005"]),
        (["S3 VPC endpoint exists in route table or NAT gateway"], "model data in S3 needs an S3 gateway endpoint or a NAT route from the model subnets", ["PFC-NET-012"]),
        (["did not pass the ping health check", "exec format error"], "the image must run on the instance's architecture and start with serve", ["PFC-REG-007", "PFC-REG-009"]),
    ];

    public sealed record Match(string Requirement, IReadOnlyList<string> Rules, string Text);

    public static IReadOnlyList<Match> For(string? failureReason)
    {
        if (string.IsNullOrWhiteSpace(failureReason))
        {
            return [];
        }

        return Table
            .Select(row => (row, text: row.Texts.FirstOrDefault(t => failureReason.Contains(t, StringComparison.OrdinalIgnoreCase))))
            .Where(x => x.text is not null)
            .Select(x => new Match(x.row.Requirement, x.row.Rules, x.text!))
            .ToArray();
    }
}
