using System.Net;
using PreflightCheck.Cli.Commands;
using PreflightCheck.Collectors.Registry;
using PreflightCheck.Collectors.Tls;
using PreflightCheck.Core;
using PreflightCheck.Core.Collectors;
using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;

namespace PreflightCheck.Cli;

/// <summary>Runs only the collectors the selected rules need, in dependency order.</summary>
internal static class Collection
{
    public static FactNeeds Needed(IEnumerable<Rule> rules)
    {
        var needs = rules.Aggregate(FactNeeds.None, (all, rule) => all | rule.Needs);

        // The TLS probe learns its endpoints (registry, token realm) from the registry's facts.
        return needs.HasFlag(FactNeeds.Tls) ? needs | FactNeeds.Registry : needs;
    }

    public static async Task<FactsSnapshot> RunAsync(FactsSnapshot facts, FactNeeds needs, CollectorContext context, CancellationToken ct)
    {
        if (needs.HasFlag(FactNeeds.Registry))
        {
            facts = await new RegistryCollector().CollectAsync(facts, context, ct).ConfigureAwait(false);
        }

        if (needs.HasFlag(FactNeeds.Tls))
        {
            facts = await new TlsCollector().CollectAsync(facts, context, ct).ConfigureAwait(false);
        }

        return facts;
    }

    public static CollectorContext Context(RegistryAccessOptions access, string? publicRoots, TextReader stdin)
    {
        if (access.Timeout is <= 0 or > 600)
        {
            throw new InputException($"--timeout {access.Timeout} must be between 0 and 600 seconds");
        }

        var timeout = TimeSpan.FromSeconds(access.Timeout);
        IPAddress? registryAddress = null;
        if (access.RegistryAddress is not null && !IPAddress.TryParse(access.RegistryAddress, out registryAddress))
        {
            throw new InputException($"--registry-address '{access.RegistryAddress}' is not an IP address");
        }

        foreach (var file in new[] { publicRoots, access.RegistryCa }.OfType<string>())
        {
            if (!File.Exists(file))
            {
                throw new InputException("file not found", file);
            }
        }

        return new CollectorContext
        {
            Timeout = timeout,
            Deadline = DateTimeOffset.UtcNow + TimeSpan.FromTicks(timeout.Ticks * 12),
            Resolve = (access.Resolve ?? []).Select(ResolveEntry.Parse).ToArray(),
            RegistryAddress = registryAddress,
            PublicRootsFile = publicRoots,
            RegistryTrustRootsFile = access.RegistryCa,
            Credentials = Credentials(access, stdin),
        };
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
