using System.Text;
using PreflightCheck.Core;
using PreflightCheck.Core.Plan;
using PreflightCheck.Inputs.Json;

namespace PreflightCheck.Inputs.Templates;

/// <summary>The YAML short-form tags and a compact short-form rendering of an expression for messages.</summary>
internal static class CfnExpression
{
    private const int MaxLength = 160;

    private static readonly HashSet<string> Functions =
    [
        "Base64", "Cidr", "FindInMap", "GetAZs", "ImportValue", "Join", "Select", "Split", "Sub", "Transform", "And", "Equals", "If",
        "Not", "Or", "ToJsonString", "Length", "GetAtt",
    ];

    /// <summary>Turns <c>!Ref X</c> into <c>{"Ref": "X"}</c> and <c>!Sub s</c> into <c>{"Fn::Sub": "s"}</c>, as CloudFormation reads them.</summary>
    public static JNode ExpandShortForm(string tag, JNode node, SourceLocation location)
    {
        var name = tag.StartsWith('!') ? tag[1..] : tag;
        var function = name switch
        {
            "Ref" or "Condition" => name,
            _ when Functions.Contains(name) => "Fn::" + name,
            _ => throw new InputException($"unknown tag {tag}; CloudFormation's short forms are !Ref, !Sub, !GetAtt, !Join, !Select, !If and the other Fn:: names", location.File, location.Line, location.Column),
        };
        return new JNode { Kind = JKind.Object, Location = location, Properties = [(function, location, node)] };
    }

    public static string Render(JNode node)
    {
        var builder = new StringBuilder();
        Append(builder, node);
        return builder.Length <= MaxLength ? builder.ToString() : builder.ToString(0, MaxLength - 1) + "…";
    }

    private static void Append(StringBuilder builder, JNode node)
    {
        if (builder.Length > MaxLength)
        {
            return;
        }

        switch (node.Kind)
        {
            case JKind.Object when node.Properties.Count == 1 && node.Properties[0].Name is var name
                                   && (name is "Ref" or "Condition" || name.StartsWith("Fn::", StringComparison.Ordinal)):
                var argument = node.Properties[0].Value;
                builder.Append('!').Append(name.StartsWith("Fn::", StringComparison.Ordinal) ? name[4..] : name).Append(' ');
                if (name == "Fn::GetAtt" && argument.Kind == JKind.Array && argument.Items.Count == 2 && argument.Items.All(i => i.Kind == JKind.String))
                {
                    builder.Append(argument.Items[0].Text).Append('.').Append(argument.Items[1].Text);
                }
                else if (argument.Kind == JKind.String && name is "Ref" or "Condition" or "Fn::GetAtt")
                {
                    builder.Append(argument.Text);
                }
                else
                {
                    Append(builder, argument);
                }

                break;
            case JKind.Object:
                builder.Append('{');
                for (var i = 0; i < node.Properties.Count; i++)
                {
                    builder.Append(i == 0 ? "" : ", ").Append(node.Properties[i].Name).Append(": ");
                    Append(builder, node.Properties[i].Value);
                }

                builder.Append('}');
                break;
            case JKind.Array:
                builder.Append('[');
                for (var i = 0; i < node.Items.Count; i++)
                {
                    builder.Append(i == 0 ? "" : ", ");
                    Append(builder, node.Items[i]);
                }

                builder.Append(']');
                break;
            case JKind.String:
                builder.Append('"').Append(Escape(node.Text!)).Append('"');
                break;
            case JKind.True:
                builder.Append("true");
                break;
            case JKind.False:
                builder.Append("false");
                break;
            case JKind.Null:
                builder.Append("null");
                break;
            default:
                builder.Append(node.Text);
                break;
        }
    }

    private static string Escape(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            _ = c switch
            {
                '"' => builder.Append("\\\""),
                '\\' => builder.Append("\\\\"),
                '\n' => builder.Append("\\n"),
                _ when char.IsControl(c) => builder.Append(' '),
                _ => builder.Append(c),
            };
        }

        return builder.ToString();
    }
}
