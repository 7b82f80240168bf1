using System.Text;
using PreflightCheck.Core;
using PreflightCheck.Core.Plan;
using PreflightCheck.Inputs.Json;
using PreflightCheck.Inputs.Yaml;

namespace PreflightCheck.Tests.Inputs.Json;

public sealed class LocatedJsonTests
{
    [Fact]
    public void Parse_WhenAMillionElementArrayIsOnOneLine_LocatesTheLastElementExactly()
    {
        // Multi-byte characters before the array make the UTF-16 column differ from the byte offset.
        const string Head = "{\"ModelName\":\"模型-é\",\"Tags\":[";
        var text = new StringBuilder(Head);
        for (var i = 0; i < 1_000_000; i++)
        {
            text.Append(i == 0 ? "" : ",").Append('7');
        }

        text.Append(",\"😀\",\"last\"]}");

        var root = LocatedJson.Parse(Encoding.UTF8.GetBytes(text.ToString()), "big.json");

        var items = root["Tags"]!.Items;
        Assert.Equal(1_000_002, items.Count);
        Assert.Equal(new SourceLocation("big.json", 1, Head.Length + 1), items[0].Location);
        Assert.Equal(Head.Length + 2 * 999_999 + 1, items[999_999].Location.Column);
        var emoji = Head.Length + 2 * 1_000_000 + 1;
        Assert.Equal(emoji, items[1_000_000].Location.Column);
        Assert.Equal(emoji + "\"😀\",".Length, items[1_000_001].Location.Column);
    }

    [Fact]
    public void Parse_WhenTokensSpanLines_KeepsColumnsPerLine()
    {
        var root = LocatedJson.Parse(Encoding.UTF8.GetBytes("{\"a\": \"é\", \"b\":\n  [1,\n   \"x\", 2]}"), "f.json");

        Assert.Equal(new SourceLocation("f.json", 2, 3), root["b"]!.Location);
        Assert.Equal(new SourceLocation("f.json", 3, 4), root["b"]!.Items[1].Location);
        Assert.Equal(new SourceLocation("f.json", 3, 9), root["b"]!.Items[2].Location);
    }

    [Fact]
    public void Parse_WhenAnObjectHasManyKeysAndOneRepeats_NamesTheRepeat()
    {
        var body = string.Join(",", Enumerable.Range(0, 100_000).Select(i => $"\"k{i}\":{i}"));

        var error = Assert.Throws<InputException>(() => LocatedJson.Parse(Encoding.UTF8.GetBytes("{" + body + ",\"k5\":0}"), "t.json"));

        Assert.Equal($"error: t.json:1:{body.Length + 3}: property \"k5\" appears twice", error.OneLine());
    }

    [Fact]
    public void Parse_WhenAStringHoldsALoneSurrogateEscape_IsAnInputError()
    {
        var error = Assert.Throws<InputException>(() => LocatedJson.Parse("{\"a\": [\"ok\", \"\\udc00\"]}"u8, "s.json"));

        Assert.Equal((1, 14), (error.Line, error.Column));
    }

    [Fact]
    public void OneLine_WhenFileNameAndMessageHoldNewlines_StaysOneShortLine()
    {
        var error = new InputException("quoted: " + string.Concat(Enumerable.Repeat("line\n", 1_000)), "a\nb.json", 1, 2);

        var line = error.OneLine();

        Assert.StartsWith("error: a\\nb.json:1:2: quoted: line\\nline\\n", line, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', line);
        Assert.True(line.Length < 600, line);
    }

    [Fact]
    public void YamlParse_WhenAliasesMultiplyPastTheCap_RefusesAtTheAlias()
    {
        var yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i <= 7; i++)
        {
            yaml.Append($"a{i}: &a{i} [").Append(string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))).Append("]\n");
        }

        var error = Assert.Throws<InputException>(() => LocatedYaml.Parse(yaml.ToString(), "bomb.yaml"));

        Assert.Equal("aliases expand the document past 1,000,000 nodes (an alias bomb?); refused", error.Message);
        Assert.Equal(6, error.Line);
    }

    [Fact]
    public void YamlParse_WhenAliasesStayUnderTheCap_SharesTheNode()
    {
        var root = LocatedYaml.Parse("base: &b {Image: x}\nuse: [*b, *b]\n", "ok.yaml");

        Assert.Same(root["base"], root["use"]!.Items[1]);
    }
}
