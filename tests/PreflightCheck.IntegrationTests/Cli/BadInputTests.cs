namespace PreflightCheck.IntegrationTests.Cli;

public sealed class BadInputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("preflight-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private string Write(string name, string text) => Write(name, System.Text.Encoding.UTF8.GetBytes(text));

    private static void AssertOneLineError(CliResult result, string expected)
    {
        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.StdErr.TrimEnd('\n').Split('\n'));
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_WhenJsonIsMalformed_NamesFileLineAndColumn()
    {
        var path = Write("bad.json", "{\n  \"ModelName\": \"m\"\n  \"PrimaryContainer\": {}\n}");

        var result = await PreflightProcess.RunAsync("check", "--request", path);

        AssertOneLineError(result, $"error: {path}:3:3: malformed JSON");
    }

    [Fact]
    public async Task Check_WhenATypeIsWrong_NamesTheField()
    {
        var path = Write("type.json", """{"ModelName":"m","PrimaryContainer":{"Image":"x"},"VpcConfig":{"Subnets":"subnet-1","SecurityGroupIds":[]}}""");

        var result = await PreflightProcess.RunAsync("check", "--request", path);

        AssertOneLineError(result, $"error: {path}:1:74: \"VpcConfig.Subnets\" must be an array, got a string");
    }

    [Fact]
    public async Task Check_WhenFileIsEmpty_SaysSo()
    {
        var path = Write("empty.json", "");

        AssertOneLineError(await PreflightProcess.RunAsync("check", "--request", path), $"error: {path}: the file is empty");
    }

    [Fact]
    public async Task Check_WhenFileIsMissing_SaysSo()
    {
        AssertOneLineError(await PreflightProcess.RunAsync("check", "--request", "/nonexistent/request.json"), "error: /nonexistent/request.json: file not found");
    }

    [Fact]
    public async Task Check_WhenFileIs50MB_RefusesIt()
    {
        var path = Path.Combine(_dir, "big.json");
        await using (var stream = File.Create(path))
        {
            stream.SetLength(50L * 1024 * 1024);
        }

        AssertOneLineError(await PreflightProcess.RunAsync("check", "--request", path), "50.0 MiB; inputs larger than 10 MiB are refused");
    }

    [Fact]
    public async Task Check_WhenBytesAreNotUtf8_NamesTheByte()
    {
        var path = Write("latin1.json", [(byte)'{', (byte)'"', 0xFF, (byte)'"', (byte)'}']);

        AssertOneLineError(await PreflightProcess.RunAsync("check", "--request", path), $"error: {path}:1:3: the file is not valid UTF-8 (byte 0xFF)");
    }

    [Fact]
    public async Task Check_WhenFormatIsUnknown_ListsTheFormats()
    {
        var path = Write("ok.json", """{"ModelName":"m","PrimaryContainer":{"Image":"x"}}""");

        AssertOneLineError(await PreflightProcess.RunAsync("check", "--request", path, "--format", "yaml"), "unknown --format 'yaml'; use one of");
    }

    [Fact]
    public async Task Check_WhenOptionIsUnknown_ExitsTwo()
    {
        var result = await PreflightProcess.RunAsync("check", "--no-such-option");

        Assert.Equal(2, result.ExitCode);
    }

    [Fact]
    public async Task Check_WhenNoInputGiven_SaysWhatIsNeeded()
    {
        AssertOneLineError(await PreflightProcess.RunAsync("check"), "check needs an input: --request FILE");
    }

    [Fact]
    public async Task Check_WhenRulePatternMatchesNothing_ExitsTwo()
    {
        var path = Write("ok.json", """{"ModelName":"m","PrimaryContainer":{"Image":"x"}}""");

        AssertOneLineError(await PreflightProcess.RunAsync("check", "--request", path, "--rules", "PFC-NOPE-*"), "rule pattern 'PFC-NOPE-*' matches no rule");
    }

    [Fact]
    public async Task Check_WhenFactsFileIsNotFacts_ExitsTwo()
    {
        var path = Write("facts.json", """{"schemaVersion": 7}""");

        var result = await PreflightProcess.RunAsync("check", "--facts", path);

        AssertOneLineError(result, $"error: {path}");
    }

    [Fact]
    public async Task Explain_WhenIdIsUnknown_ExitsTwo()
    {
        AssertOneLineError(await PreflightProcess.RunAsync("explain", "PFC-XXX-001"), "unknown rule 'PFC-XXX-001'");
    }
}
