namespace PreflightCheck.Core.Plan;

/// <summary>
/// The memory of <c>ml.*</c> hosting instance types, in MiB. An <c>ml.</c> type has the memory of the EC2 type of the same
/// name (source: the "Amazon EC2 instance types" specifications at https://aws.amazon.com/ec2/instance-types/ and the
/// instance table of https://aws.amazon.com/sagemaker/ai/pricing/). Most families have a fixed GiB per vCPU, with
/// <c>large</c> = 2 vCPUs, <c>xlarge</c> = 4 and <c>Nxlarge</c> = 4N; the rest are listed one by one.
/// The container gets less than this in practice (the host keeps some), so it is an upper bound.
/// </summary>
internal static class InstanceMemory
{
    private static readonly Dictionary<string, double> GibPerVcpu = new(StringComparer.Ordinal)
    {
        ["m4"] = 4, ["m5"] = 4, ["m5d"] = 4, ["m6i"] = 4, ["m6id"] = 4, ["m7i"] = 4, ["m6g"] = 4, ["m6gd"] = 4, ["m7g"] = 4, ["m8g"] = 4,
        ["c4"] = 1.875, ["c5"] = 2, ["c5d"] = 2, ["c6i"] = 2, ["c6id"] = 2, ["c7i"] = 2, ["c6g"] = 2, ["c6gd"] = 2, ["c6gn"] = 2, ["c7g"] = 2, ["c8g"] = 2,
        ["r5"] = 8, ["r5d"] = 8, ["r6i"] = 8, ["r6id"] = 8, ["r7i"] = 8, ["r6g"] = 8, ["r6gd"] = 8, ["r7gd"] = 8, ["r8g"] = 8,
        ["g4dn"] = 4, ["g5"] = 4, ["g6"] = 4, ["inf1"] = 2, ["inf2"] = 4,
    };

    private static readonly Dictionary<string, double> Listed = new(StringComparer.Ordinal)
    {
        ["ml.t2.medium"] = 4, ["ml.t2.large"] = 8, ["ml.t2.xlarge"] = 16, ["ml.t2.2xlarge"] = 32,
        ["ml.t3.medium"] = 4, ["ml.t3.large"] = 8, ["ml.t3.xlarge"] = 16, ["ml.t3.2xlarge"] = 32,
        ["ml.p3.2xlarge"] = 61, ["ml.p3.8xlarge"] = 244, ["ml.p3.16xlarge"] = 488,
        ["ml.p4d.24xlarge"] = 1152, ["ml.p5.48xlarge"] = 2048,
    };

    /// <summary>The instance type's memory in MiB, or null for a type this table does not know.</summary>
    public static long? MiB(string? instanceType)
    {
        if (instanceType is null)
        {
            return null;
        }

        if (Listed.TryGetValue(instanceType, out var listed))
        {
            return (long)(listed * 1024);
        }

        var parts = instanceType.Split('.');
        if (parts.Length != 3 || parts[0] != "ml" || !GibPerVcpu.TryGetValue(parts[1], out var ratio))
        {
            return null;
        }

        int? vcpus = parts[2] switch
        {
            "large" => 2,
            "xlarge" => 4,
            var size when size.EndsWith("xlarge", StringComparison.Ordinal) && int.TryParse(size[..^6], out var n) && n > 1 => 4 * n,
            _ => null,
        };
        return vcpus is null ? null : (long)(vcpus.Value * ratio * 1024);
    }
}
