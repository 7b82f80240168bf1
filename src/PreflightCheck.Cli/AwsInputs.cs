using System.Text.RegularExpressions;
using Amazon;
using Amazon.Runtime.CredentialManagement;
using PreflightCheck.Core;

namespace PreflightCheck.Cli;

/// <summary>The AWS names a user types (region, profile), refused before any work when they cannot be right.</summary>
internal static class AwsInputs
{
    // The SDK's partitions data says what a region name looks like in each partition, including regions newer than this build.
    private static readonly Regex[] RegionShapes = RegionEndpoint.AllPartitionRegionRegex
        .Select(p => new Regex(p, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)))
        .ToArray();

    /// <summary><c>--region</c>, else <c>AWS_REGION</c>, else <c>AWS_DEFAULT_REGION</c>; one that no partition could hold is an input error.</summary>
    public static string? Region(string? option)
    {
        var (value, source) = option is not null ? (option, "--region")
            : NonEmpty("AWS_REGION") is { } region ? (region, "AWS_REGION")
            : NonEmpty("AWS_DEFAULT_REGION") is { } fallback ? (fallback, "AWS_DEFAULT_REGION")
            : (null, null);
        if (value is null || RegionShapes.Any(r => r.IsMatch(value)))
        {
            return value;
        }

        var known = RegionEndpoint.EnumerableAllRegions.Select(r => r.SystemName);
        var hint = Suggestions.DidYouMean(value.Trim().ToLowerInvariant(), known);
        return hint.Length > 0
            ? throw new InputException($"{source} '{value}' is not an AWS region{hint}")
            : throw new InputException($"{source} '{value}' is not an AWS region: a region looks like us-east-1, eu-central-1, cn-north-1 or us-gov-west-1");
    }

    /// <summary>
    /// A named profile (<c>--profile</c>, else <c>AWS_PROFILE</c>) must be in the shared config or credentials file, as
    /// aws-cli requires: a typo or a missing file on a CI runner is a usage error, not a run whose AWS rules are all unknown.
    /// </summary>
    public static void EnsureProfileExists(string? option)
    {
        var name = option ?? NonEmpty("AWS_PROFILE");
        if (name is not null && !new CredentialProfileStoreChain().TryGetProfile(name, out _))
        {
            throw new InputException($"The config profile ({name}) could not be found (looked in {ProfileFiles()}); 'aws configure list-profiles' lists the profiles");
        }
    }

    private static string ProfileFiles() =>
        $"{NonEmpty("AWS_CONFIG_FILE") ?? "~/.aws/config"} and {NonEmpty("AWS_SHARED_CREDENTIALS_FILE") ?? "~/.aws/credentials"}";

    private static string? NonEmpty(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { } value && !string.IsNullOrWhiteSpace(value) ? value : null;
}
