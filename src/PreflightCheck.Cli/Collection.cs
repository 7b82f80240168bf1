using System.Net;
using PreflightCheck.Collectors;
using PreflightCheck.Cli.Commands;
using PreflightCheck.Collectors.Aws;
using PreflightCheck.Collectors.Docker;
using PreflightCheck.Collectors.Registry;
using PreflightCheck.Collectors.Tls;
using PreflightCheck.Core;
using PreflightCheck.Core.Collectors;
using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;
using PreflightCheck.Inputs;

namespace PreflightCheck.Cli;

/// <summary>How this run reaches AWS; <see cref="Session"/> is set when the plan itself was read from SageMaker.</summary>
internal sealed record AwsRun(AwsAccessOptions Access, bool Invoke, string? DeployerArn, AwsCollection? Session = null);

/// <summary>Runs only the collectors the selected rules need, in dependency order.</summary>
internal static class Collection
{
    public static FactNeeds Needed(IEnumerable<Rule> rules)
    {
        var needs = rules.Aggregate(FactNeeds.None, (all, rule) => all | rule.Needs);

        // The TLS probe learns its endpoints (registry, token realm) from the registry's facts.
        return needs.HasFlag(FactNeeds.Tls) ? needs | FactNeeds.Registry : needs;
    }

    private const FactNeeds AwsNeeds = FactNeeds.Ec2 | FactNeeds.Iam | FactNeeds.Lambda | FactNeeds.LambdaInvoke | FactNeeds.Sts;

    /// <summary>
    /// Registry first (it resolves the registry's addresses and, unless flags give credentials, takes them from the Lambda,
    /// invoked once); then TLS and AWS together: TLS probes the endpoints the registry named, AWS looks up the registry's
    /// network interfaces by those addresses and reads the invocation facts without invoking again.
    /// </summary>
    public static async Task<FactsSnapshot> RunAsync(FactsSnapshot facts, FactNeeds needs, CollectorContext context, AwsRun aws, CancellationToken ct)
    {
        var invoke = aws.Invoke && context.Credentials is NoRegistryCredentials
            && facts.Plan.Models.Any(m => m.Containers.Any(c => c.CredentialsProviderArn is not null));
        var awsNeeds = needs & AwsNeeds;
        if (invoke && needs.HasFlag(FactNeeds.Registry))
        {
            awsNeeds |= FactNeeds.LambdaInvoke;
        }

        AwsCollection? session = null;
        AwsCollector? collector = null;
        string? awsFailure = null;
        if (awsNeeds != FactNeeds.None)
        {
            try
            {
                session = aws.Session ?? AwsCollection.Create(aws.Access);
                var (awsCollector, credentials) = session.ForPlan(facts.Plan, new AwsCollectionOptions(awsNeeds, aws.Invoke, aws.DeployerArn), context.Timeout);
                collector = awsCollector;
                if (invoke)
                {
                    context = context with { Credentials = credentials };
                    _ = credentials.PrefetchAsync(ct);
                }
            }
            catch (InputException ex)
            {
                // No region or no credentials: the AWS rules say unknown and why; the rest of the check still runs.
                awsFailure = ex.Message;
            }
        }

        try
        {
            var registry = needs.HasFlag(FactNeeds.Registry)
                ? await new RegistryCollector().CollectIntoAsync(facts, context, ct).ConfigureAwait(false)
                : facts;
            if (context.PullTest && needs.HasFlag(FactNeeds.Registry))
            {
                registry = await new PullTestCollector().CollectIntoAsync(registry, context, ct).ConfigureAwait(false);
            }

            if (context.RunTest is { } runTest && needs.HasFlag(FactNeeds.RunTest))
            {
                registry = registry.With(await RunTestAsync(registry, runTest, context, ct).ConfigureAwait(false));
            }

            var tls = needs.HasFlag(FactNeeds.Tls) ? new TlsCollector().CollectAsync(registry, context, ct) : null;
            var awsTask = collector is not null && (needs & AwsNeeds) != FactNeeds.None ? collector.CollectAsync(registry, context, ct) : null;
            var assembled = tls is null ? registry : registry.With(await tls.ConfigureAwait(false));
            assembled = awsTask is null ? assembled : assembled.With(await awsTask.ConfigureAwait(false));
            return awsFailure is null
                ? assembled
                : assembled with { Collectors = [.. assembled.Collectors, new CollectorRun("aws", CollectionStatus.Invalid, awsFailure)] };
        }
        finally
        {
            if (aws.Session is null)
            {
                session?.Dispose();
            }
        }
    }

    public static CollectorContext Context(RegistryAccessOptions access, CommonOptions? common, TextReader stdin)
    {
        CheckTimeout(access.Timeout);
        var timeout = TimeSpan.FromSeconds(access.Timeout);
        IPAddress? registryAddress = null;
        if (access.RegistryAddress is not null && !IPAddress.TryParse(access.RegistryAddress, out registryAddress))
        {
            throw new InputException($"--registry-address '{access.RegistryAddress}' is not an IP address");
        }

        // Read both root files now, so that an empty or unreadable one is a usage error before anything is collected.
        PublicRoots.Load(access.PublicRoots);
        if (access.RegistryCa is not null)
        {
            PublicRoots.ReadPem(access.RegistryCa, "--registry-ca");
        }

        return new CollectorContext
        {
            Timeout = timeout,
            Deadline = DateTimeOffset.UtcNow + TimeSpan.FromTicks(timeout.Ticks * 12),
            Resolve = (access.Resolve ?? []).Select(ResolveEntry.Parse).ToArray(),
            RegistryAddress = registryAddress,
            PublicRootsFile = access.PublicRoots,
            RegistryTrustRootsFile = access.RegistryCa,
            Credentials = Credentials(access, stdin),
            PullTest = common?.PullTest ?? false,
            RunTest = common is null ? null : RunTestOptions(common),
        };
    }

    private const long MaxSampleBytes = 6 * 1024 * 1024;

    private static RunTestOptions? RunTestOptions(CommonOptions options)
    {
        if (!options.RunTest)
        {
            return options.InvokeSample is not null || options.RunTimeout is not null || options.RunMemory is not null
                ? throw new InputException("--invoke-sample, --run-timeout and --run-memory need --run-test")
                : null;
        }

        if (options.RunTimeout is <= 0 or > 3600)
        {
            throw new InputException($"--run-timeout {options.RunTimeout} must be between 0 and 3600 seconds");
        }

        if (options.RunMemory is < 6)
        {
            throw new InputException($"--run-memory {options.RunMemory} must be at least 6 MiB (the engines' own minimum)");
        }

        if (!System.Net.Http.Headers.MediaTypeHeaderValue.TryParse(options.ContentType, out _))
        {
            throw new InputException($"--content-type '{options.ContentType}' is not a media type");
        }

        return new RunTestOptions
        {
            Timeout = options.RunTimeout is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            MemoryMiB = options.RunMemory,
            SampleFile = options.InvokeSample,

            // Read like every other input: a regular file only, never past SageMaker's 6 MB real-time payload limit.
            Sample = options.InvokeSample is null ? null : SafeFile.ReadAll(options.InvokeSample, MaxSampleBytes),
            ContentType = options.ContentType,
        };
    }

    /// <summary>Ctrl-C or SIGTERM during the smoke test cancels it, so the collector's finally removes the container before exit.</summary>
    private static async Task<RunTestSection> RunTestAsync(FactsSnapshot facts, RunTestOptions options, CollectorContext context, CancellationToken ct)
    {
        using var interrupted = CancellationTokenSource.CreateLinkedTokenSource(ct);
        void Stop(System.Runtime.InteropServices.PosixSignalContext signal)
        {
            signal.Cancel = true;
            interrupted.Cancel();
        }

        using var sigint = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, Stop);
        using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, Stop);
        try
        {
            return await new RunTestCollector(options).CollectAsync(facts, context, interrupted.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (interrupted.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            throw new InputException("--run-test interrupted; the test container was removed");
        }
    }

    /// <summary>More than 0 and at most 600 seconds (NaN and infinity are neither).</summary>
    public static void CheckTimeout(double seconds)
    {
        if (!(seconds > 0 && seconds <= 600))
        {
            throw new InputException($"--timeout {seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)} must be more than 0 and at most 600 seconds");
        }
    }

    private static IRegistryCredentialSource Credentials(RegistryAccessOptions access, TextReader stdin)
    {
        if (access.RegistryUsername is null)
        {
            return access.RegistryPasswordStdin
                ? throw new InputException("--registry-password-stdin needs --registry-username")
                : NoRegistryCredentials.Instance;
        }

        if (!access.RegistryPasswordStdin)
        {
            throw new InputException("--registry-username needs --registry-password-stdin (a password on the command line would leak into process listings)");
        }

        var password = stdin.ReadLine();
        if (string.IsNullOrEmpty(password))
        {
            throw new InputException("--registry-password-stdin: standard input held no password");
        }

        return new FlagRegistryCredentials(access.RegistryUsername, password);
    }
}
