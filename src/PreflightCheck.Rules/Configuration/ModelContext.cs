using PreflightCheck.Core.Aws;
using PreflightCheck.Core.Plan;

namespace PreflightCheck.Rules.Configuration;

internal static class ModelContext
{
    public static string Target(ContainerPlan container) => $"container {container.Name}";

    public static string Target(ModelPlan model) => $"model {model.Name}";

    /// <summary>The model's partition: from the region when known, else from the execution role's ARN.</summary>
    public static string? Partition(ModelPlan model, string? region) =>
        region is not null ? AwsArn.PartitionOfRegion(region) : AwsArn.TryParse(model.ExecutionRoleArn?.Value)?.Partition;

    public static bool UsesVpcMode(ContainerPlan container) =>
        string.Equals(container.RepositoryAccessMode?.Value, "Vpc", StringComparison.Ordinal);
}
