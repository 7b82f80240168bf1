using System.Diagnostics;
using System.IO.Compression;
using PreflightCheck.IntegrationTests.Cli;
using PreflightCheck.IntegrationTests.Infrastructure;

namespace PreflightCheck.IntegrationTests.Packaging;

/// <summary>
/// Packs the CLI as a .NET tool, installs it from a local folder with every other package source cleared and an empty
/// package cache, and runs it the way a CI job would.
/// </summary>
public sealed class ToolPackageTests : IDisposable
{
    // The version the build stamps, so a release bump needs no test edit.
    private static readonly string Version = System.Xml.Linq.XDocument
        .Load(Path.Combine(PreflightProcess.RepositoryRoot, "Directory.Build.props"))
        .Descendants("Version").Single().Value;
    private readonly TempDirectory _temp = new("pack");

    public void Dispose() => _temp.Dispose();

    private static readonly string DotnetRoot =
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", ".."));

    private static string Dotnet => Path.Combine(DotnetRoot, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");

    private Dictionary<string, string> Environment() => new()
    {
        ["DOTNET_ROOT"] = DotnetRoot,
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_NOLOGO"] = "1",
        ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
        ["NO_COLOR"] = "1",
    };

    [Fact]
    public async Task ToolPackage_WhenPackedAndInstalledFromALocalFolder_RunsVersionRulesAndACheck()
    {
        var packages = _temp.Combine("packages");
        var sw = Stopwatch.StartNew();
        await ProcessRunner.RunAsync(
            Dotnet,
            ["pack", Path.Combine(PreflightProcess.RepositoryRoot, "src", "PreflightCheck.Cli"), "-c", "Release", "-o", packages, "--nologo", "-p:ContinuousIntegrationBuild=true"],
            TimeSpan.FromMinutes(8),
            environment: Environment());
        var packTime = sw.Elapsed;

        // The primary package only points at the RID-specific packages; the "any" package is the portable IL fallback.
        var nupkg = Path.Combine(packages, $"PreflightCheck.{Version}.nupkg");
        Assert.True(File.Exists(nupkg), $"no {nupkg}");
        using (var zip = ZipFile.OpenRead(nupkg))
        {
            using var reader = new StreamReader(zip.GetEntry("tools/any/any/DotnetToolSettings.xml")!.Open());
            var settings = System.Xml.Linq.XDocument.Parse(await reader.ReadToEndAsync());
            var rids = settings.Descendants("RuntimeIdentifierPackage").Select(e => e.Attribute("RuntimeIdentifier")!.Value);
            Assert.Equal(["any", "linux-arm64", "linux-x64", "osx-arm64", "win-x64"], rids.Order(StringComparer.Ordinal));
        }

        foreach (var rid in new[] { "linux-x64", "linux-arm64", "osx-arm64", "win-x64", "any" })
        {
            var ridPackage = Path.Combine(packages, $"PreflightCheck.{rid}.{Version}.nupkg");
            Assert.True(File.Exists(ridPackage), $"no {ridPackage}");
            using var zip = ZipFile.OpenRead(ridPackage);
            var names = zip.Entries.Select(e => e.FullName).ToArray();
            foreach (var file in new[] { "preflight.dll", "PreflightCheck.Rules.dll", "YamlDotNet.dll", "DotnetToolSettings.xml" })
            {
                Assert.Contains($"tools/net10.0/{rid}/{file}", names);
            }

            using var dll = new MemoryStream();
            using (var entry = zip.GetEntry($"tools/net10.0/{rid}/preflight.dll")!.Open())
            {
                await entry.CopyToAsync(dll);
            }

            dll.Position = 0;
            var readyToRun = IsReadyToRun(dll);
            Assert.True(readyToRun == (rid != "any"), $"{rid}: preflight.dll ReadyToRun is {readyToRun}");
        }

        // Only the local folder: <clear/> drops every configured feed, and an empty cache proves nothing came from elsewhere.
        var config = _temp.Combine("nuget.config");
        await File.WriteAllTextAsync(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{packages}" />
              </packageSources>
            </configuration>
            """);
        var tools = _temp.Combine("tools");
        var environment = Environment();
        environment["NUGET_PACKAGES"] = _temp.Combine("nuget-cache");
        sw.Restart();
        await ProcessRunner.RunAsync(
            Dotnet,
            ["tool", "install", "PreflightCheck", "--tool-path", tools, "--add-source", packages, "--configfile", config, "--version", Version],
            TimeSpan.FromMinutes(3),
            workingDirectory: _temp.Path,
            environment: environment);
        var installTime = sw.Elapsed;

        // This machine's RID-specific package is the one installed, and its code is precompiled.
        var installed = Directory.GetFiles(Path.Combine(tools, ".store"), "preflight.dll", SearchOption.AllDirectories);
        var installedDll = Assert.Single(installed);
        Assert.Contains($"{Path.DirectorySeparatorChar}{System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier}{Path.DirectorySeparatorChar}", installedDll, StringComparison.Ordinal);
        using (var stream = File.OpenRead(installedDll))
        {
            Assert.True(IsReadyToRun(stream), $"{installedDll} is not ReadyToRun");
        }

        var preflight = Path.Combine(tools, OperatingSystem.IsWindows() ? "preflight.exe" : "preflight");
        var version = await ProcessRunner.RunAsync(preflight, ["--version"], TimeSpan.FromSeconds(60), _temp.Path, environment: Environment());
        Assert.Contains(Version, version.StandardOutput, StringComparison.Ordinal);

        // The rule catalogue comes from the documents embedded in the Rules assembly inside the package.
        var rules = await ProcessRunner.RunAsync(preflight, ["rules"], TimeSpan.FromSeconds(60), _temp.Path, environment: Environment());
        var ruleDocs = Directory.GetFiles(Path.Combine(PreflightProcess.RepositoryRoot, "rules"), "PFC-*.md").Length;
        Assert.Equal(ruleDocs + 1, rules.StandardOutput.TrimEnd('\n').Split('\n').Length);
        Assert.Contains("PFC-TLS-006", rules.StandardOutput, StringComparison.Ordinal);

        // A real gate run with the sample configuration picked up from the working directory.
        var examples = Path.Combine(PreflightProcess.RepositoryRoot, "src", "PreflightCheck.Cli", "Examples");
        foreach (var file in new[] { "vpc-model.request.json", ".preflight.yml" })
        {
            File.Copy(Path.Combine(examples, file), _temp.Combine(file));
        }

        var check = await ProcessRunner.RunAsync(
            preflight,
            ["check", "--request", "vpc-model.request.json", "--region", "us-east-1", "--offline", "--format", "sarif", "--output", "out.sarif"],
            TimeSpan.FromSeconds(60),
            _temp.Path,
            environment: Environment(),
            throwOnFailure: false);
        Assert.True(check.ExitCode == 0, $"exit {check.ExitCode}: {check.StandardError}");
        var sarif = await File.ReadAllTextAsync(_temp.Combine("out.sarif"));
        Assert.Contains("\"justification\": \"Tags are pinned to digests by the release pipeline (OPS-1234).\"", sarif, StringComparison.Ordinal);

        // The same check with an empty configuration fails on the unsuppressed PFC-IMG-002: the sample file made the difference.
        await File.WriteAllTextAsync(_temp.Combine("empty.yml"), "");
        var unsuppressed = await ProcessRunner.RunAsync(
            preflight,
            ["check", "--request", "vpc-model.request.json", "--region", "us-east-1", "--offline", "--config", "empty.yml"],
            TimeSpan.FromSeconds(60),
            _temp.Path,
            environment: Environment(),
            throwOnFailure: false);
        Assert.Equal(1, unsuppressed.ExitCode);

        await File.WriteAllTextAsync(_temp.Combine("bad.yml"), "levels:\n  PFC-IMG-002: fatal\n");
        var bad = await ProcessRunner.RunAsync(
            preflight,
            ["check", "--request", "vpc-model.request.json", "--offline", "--config", "bad.yml"],
            TimeSpan.FromSeconds(60),
            _temp.Path,
            environment: Environment(),
            throwOnFailure: false);
        Assert.Equal(2, bad.ExitCode);
        Assert.Equal("error: bad.yml:2:16: levels.PFC-IMG-002 'fatal' is not one of error, warning, note", bad.StandardError.TrimEnd());

        Console.WriteLine($"pack {packTime.TotalSeconds:0.0} s, offline install {installTime.TotalSeconds:0.0} s");
    }

    // crossgen2 output carries a ManagedNativeHeader (the READYTORUN header) in the CLI header; IL-only builds do not.
    private static bool IsReadyToRun(Stream assembly)
    {
        using var pe = new System.Reflection.PortableExecutable.PEReader(assembly, System.Reflection.PortableExecutable.PEStreamOptions.LeaveOpen);
        return pe.PEHeaders.CorHeader is { ManagedNativeHeaderDirectory.Size: > 0 };
    }
}
