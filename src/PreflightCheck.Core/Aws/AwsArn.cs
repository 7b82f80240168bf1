namespace PreflightCheck.Core.Aws;

/// <summary>An ARN split into its six parts; nothing more is validated here.</summary>
internal sealed record AwsArn(string Partition, string Service, string Region, string Account, string Resource)
{
    public static AwsArn? TryParse(string? text)
    {
        if (text is null || !text.StartsWith("arn:", StringComparison.Ordinal))
        {
            return null;
        }

        var parts = text.Split(':', 6);
        return parts.Length == 6 ? new AwsArn(parts[1], parts[2], parts[3], parts[4], parts[5]) : null;
    }

    /// <summary>The partition a region belongs to, by the prefixes AWS uses.</summary>
    public static string PartitionOfRegion(string region) => region switch
    {
        _ when region.StartsWith("cn-", StringComparison.Ordinal) => "aws-cn",
        _ when region.StartsWith("us-gov-", StringComparison.Ordinal) => "aws-us-gov",
        _ when region.StartsWith("us-isob-", StringComparison.Ordinal) => "aws-iso-b",
        _ when region.StartsWith("us-iso-", StringComparison.Ordinal) => "aws-iso",
        _ when region.StartsWith("eu-isoe-", StringComparison.Ordinal) => "aws-iso-e",
        _ when region.StartsWith("us-isof-", StringComparison.Ordinal) => "aws-iso-f",
        _ when region.StartsWith("eusc-", StringComparison.Ordinal) => "aws-eusc",
        _ => "aws",
    };
}
