using System.Globalization;
using System.Text;
using PreflightCheck.Core;
using PreflightCheck.Core.Aws;
using PreflightCheck.Inputs.Json;

namespace PreflightCheck.Inputs.Templates;

/// <summary>
/// Evaluates the CloudFormation intrinsic functions whose result is known before deployment. Anything that depends on the
/// deployed stack (a generated name, an import, a parameter without a Default, a pseudo parameter nobody gave) stays
/// <see cref="CfnUnresolved"/>: a guess would let a rule pass on a value CloudFormation may never use.
/// </summary>
internal sealed class CfnResolver
{
    private const int MaxDepth = 64;
    private readonly JNode? _parameters;
    private readonly JNode? _resources;
    private readonly JNode? _mappings;
    private readonly JNode? _conditions;
    private readonly string? _region;
    private readonly string? _account;
    private readonly IReadOnlyDictionary<string, string> _overrides;
    private readonly Dictionary<string, bool?> _conditionCache = new(StringComparer.Ordinal);
    private readonly HashSet<string> _evaluating = new(StringComparer.Ordinal);
    private readonly ExpansionBudget _budget = new();
    private int _depth;

    public CfnResolver(JNode template, string? region, string? account, IReadOnlyDictionary<string, string>? overrides = null)
    {
        _parameters = Section(template, "Parameters");
        _resources = Section(template, "Resources");
        _mappings = Section(template, "Mappings");
        _conditions = Section(template, "Conditions");
        _region = region;
        _account = account;
        _overrides = overrides ?? new Dictionary<string, string>();
        foreach (var (name, value) in _overrides)
        {
            CheckOverride(name, value);
        }
    }

    private void CheckOverride(string name, string value)
    {
        if (_parameters?[name] is not { } parameter)
        {
            var names = _parameters?.Properties.Select(p => p.Name).ToArray() ?? [];
            throw new InputException(names.Length == 0
                ? $"--parameter {name}: the template has no Parameters section"
                : $"--parameter {name}: the template has no parameter \"{name}\" (it has {string.Join(", ", names)})");
        }

        if (parameter.Kind == JKind.Object && parameter["AllowedValues"] is { Kind: JKind.Array } allowed
            && allowed.Items.All(i => i.Text is not null) && !allowed.Items.Any(i => i.Text == value))
        {
            throw new InputException($"--parameter {name}={value}: not one of the parameter's AllowedValues ({string.Join(", ", allowed.Items.Select(i => i.Text))})");
        }
    }

    public CfnValue Resolve(JNode node)
    {
        _budget.Node(node);
        if (++_depth > MaxDepth)
        {
            throw JShape.At(node.Location, "intrinsic functions nest too deeply or refer to each other in a circle");
        }

        try
        {
            return ResolveCore(node);
        }
        finally
        {
            _depth--;
        }
    }

    /// <summary>The value as text, or the unresolved value that stops it; a list or mapping where text belongs is an input error.</summary>
    public CfnValue ResolveText(JNode node, string what) => AsText(Resolve(node), what);

    public bool? Condition(string name, JNode at)
    {
        if (_conditionCache.TryGetValue(name, out var cached))
        {
            return cached;
        }

        var definition = _conditions?[name] ?? throw JShape.At(at.Location, $"condition \"{name}\" is not defined in Conditions");
        if (!_evaluating.Add("condition " + name))
        {
            throw JShape.At(at.Location, $"condition \"{name}\" refers to itself");
        }

        var value = EvaluateCondition(definition);
        _evaluating.Remove("condition " + name);
        _conditionCache[name] = value;
        return value;
    }

    private static JNode? Section(JNode template, string name)
    {
        var section = JShape.Optional(template, name);
        return section is null ? null : JShape.Object(section, name);
    }

    private CfnValue ResolveCore(JNode node)
    {
        switch (node.Kind)
        {
            case JKind.Object when node.Properties.Count == 1 && IsIntrinsic(node.Properties[0].Name):
                var result = Intrinsic(node.Properties[0].Name, node.Properties[0].Value, node);
                return result is CfnUnresolved open ? open with { Source = node } : result;
            case JKind.Object:
                var properties = new List<(string, CfnValue)>();
                foreach (var (name, _, value) in node.Properties)
                {
                    var resolved = Resolve(value);
                    if (resolved is not CfnNoValue)
                    {
                        properties.Add((name, resolved));
                    }
                }

                return new CfnMap(properties, node);
            case JKind.Array:
                return new CfnList(node.Items.Select(Resolve).Where(v => v is not CfnNoValue).ToArray(), node);
            case JKind.Null:
                return new CfnNoValue(node);
            case JKind.True:
                return new CfnScalar("true", node);
            case JKind.False:
                return new CfnScalar("false", node);
            default:
                return new CfnScalar(node.Text ?? "", node);
        }
    }

    private static bool IsIntrinsic(string name) => name == "Ref" || name.StartsWith("Fn::", StringComparison.Ordinal);

    private CfnValue Intrinsic(string function, JNode argument, JNode node) => function switch
    {
        "Ref" => Ref(Name(argument, "Ref"), node),
        "Fn::GetAtt" => GetAtt(argument, node),
        "Fn::Sub" => Sub(argument, node),
        "Fn::Join" => Join(argument, node),
        "Fn::Select" => Select(argument, node),
        "Fn::Split" => Split(argument, node),
        "Fn::If" => If(argument, node),
        "Fn::FindInMap" => FindInMap(argument, node),
        _ => new CfnUnresolved(node),
    };

    private static string Name(JNode argument, string function) =>
        argument.Kind == JKind.String && !string.IsNullOrEmpty(argument.Text)
            ? argument.Text
            : throw JShape.At(argument.Location, $"{function} takes a logical name, got {argument.KindName}");

    private static IReadOnlyList<JNode> Arguments(JNode argument, string function, int min, int max)
    {
        if (argument.Kind != JKind.Array || argument.Items.Count < min || argument.Items.Count > max)
        {
            var count = min == max ? $"{min}" : $"{min} to {max}";
            throw JShape.At(argument.Location, $"{function} takes a list of {count} arguments");
        }

        return argument.Items;
    }

    private CfnValue Ref(string name, JNode node)
    {
        if (name.StartsWith("AWS::", StringComparison.Ordinal))
        {
            return Pseudo(name, node);
        }

        if (_parameters?[name] is { } parameter)
        {
            return Parameter(name, parameter, node);
        }

        var resource = Resource(name, node, "Ref");
        return ResourceType(resource) switch
        {
            "AWS::SageMaker::Model" => ModelRef(name, resource, node),
            "AWS::IAM::Role" => Guarded("role " + name, node, () => TextProperty(resource, "RoleName")) is CfnScalar role
                ? new CfnScalar(role.Text, node)
                : new CfnUnresolved(node),
            _ => new CfnUnresolved(node),
        };
    }

    private CfnValue Pseudo(string name, JNode node)
    {
        string? value = name switch
        {
            "AWS::Region" => _region,
            "AWS::AccountId" => _account,
            "AWS::Partition" => _region is null ? null : AwsArn.PartitionOfRegion(_region),
            "AWS::URLSuffix" => _region is null ? null : AwsArn.PartitionOfRegion(_region) == "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com",
            "AWS::NoValue" => null,
            "AWS::StackName" or "AWS::StackId" or "AWS::NotificationARNs" => null,
            _ => throw JShape.At(node.Location, $"\"{name}\" is not a CloudFormation pseudo parameter"),
        };
        return name == "AWS::NoValue" ? new CfnNoValue(node) : value is null ? new CfnUnresolved(node) : new CfnScalar(value, node);
    }

    private CfnValue Parameter(string name, JNode parameter, JNode node)
    {
        JShape.Object(parameter, $"Parameters.{name}");

        // A NoEcho parameter holds something its author wanted kept out of output; its Default must not reach a report.
        if (JShape.Optional(parameter, "NoEcho") is { } noEcho && (noEcho.Kind == JKind.True || noEcho.Text == "true"))
        {
            return new CfnUnresolved(node);
        }

        var defaultValue = JShape.Optional(parameter, "Default");
        if (_overrides.TryGetValue(name, out var given))
        {
            return Typed(parameter, given, node);
        }

        if (defaultValue is null)
        {
            return new CfnUnresolved(node);
        }

        return Typed(parameter, defaultValue.Kind switch
        {
            JKind.String or JKind.Number => defaultValue.Text!,
            JKind.True => "true",
            JKind.False => "false",
            _ => throw JShape.Wrong(defaultValue, $"Parameters.{name}.Default", "a string or number"),
        }, node);
    }

    private static CfnValue Typed(JNode parameter, string text, JNode node)
    {
        var type = parameter["Type"]?.Text ?? "String";
        if (type == "CommaDelimitedList" || type.StartsWith("List<", StringComparison.Ordinal))
        {
            return new CfnList(text.Split(',').Select(s => (CfnValue)new CfnScalar(s.Trim(), node)).ToArray(), node);
        }

        return new CfnScalar(text, node);
    }

    private JNode Resource(string name, JNode node, string function) =>
        _resources?[name] is { } resource
            ? JShape.Object(resource, $"Resources.{name}")
            : throw JShape.At(node.Location, $"{function} names \"{name}\", which is neither a parameter nor a resource of the template");

    private static string? ResourceType(JNode resource) => resource["Type"]?.Text;

    private CfnValue ModelRef(string logicalId, JNode resource, JNode node)
    {
        var name = Guarded("model " + logicalId, node, () => TextProperty(resource, "ModelName"));
        return new CfnModelRef(logicalId, (name as CfnScalar)?.Text, node);
    }

    private CfnValue? TextProperty(JNode resource, string property)
    {
        var properties = JShape.Optional(resource, "Properties");
        var value = properties is null ? null : JShape.Optional(properties, property);
        return value is null ? null : ResolveText(value, property);
    }

    private CfnValue? Guarded(string key, JNode node, Func<CfnValue?> evaluate)
    {
        if (!_evaluating.Add(key))
        {
            throw JShape.At(node.Location, $"{key} refers to itself");
        }

        try
        {
            return evaluate();
        }
        finally
        {
            _evaluating.Remove(key);
        }
    }

    private CfnValue GetAtt(JNode argument, JNode node)
    {
        string resourceName;
        string attribute;
        if (argument.Kind == JKind.String)
        {
            var text = argument.Text ?? "";
            var dot = text.IndexOf('.', StringComparison.Ordinal);
            if (dot <= 0 || dot == text.Length - 1)
            {
                throw JShape.At(argument.Location, $"Fn::GetAtt \"{text}\" is not Resource.Attribute");
            }

            (resourceName, attribute) = (text[..dot], text[(dot + 1)..]);
        }
        else
        {
            var items = Arguments(argument, "Fn::GetAtt", 2, 2);
            resourceName = Name(items[0], "Fn::GetAtt");
            if (ResolveText(items[1], "Fn::GetAtt attribute") is not CfnScalar attributeText)
            {
                return new CfnUnresolved(node);
            }

            attribute = attributeText.Text;
        }

        return Attribute(resourceName, attribute, node);
    }

    private CfnValue Attribute(string resourceName, string attribute, JNode node)
    {
        var resource = Resource(resourceName, node, "Fn::GetAtt");
        switch (ResourceType(resource), attribute)
        {
            case ("AWS::SageMaker::Model", "ModelName"):
                return ModelRef(resourceName, resource, node);
            case ("AWS::IAM::Role", "Arn"):
                var role = new CfnUnresolved(node, ResourceType: "AWS::IAM::Role", LogicalId: resourceName);
                if (_account is null || _region is null)
                {
                    return role;
                }

                var roleName = Guarded("role " + resourceName, node, () => TextProperty(resource, "RoleName"));
                var path = Guarded("role " + resourceName, node, () => TextProperty(resource, "Path")) ?? new CfnScalar("/", node);
                return roleName is CfnScalar name && path is CfnScalar pathText
                    ? new CfnScalar($"arn:{AwsArn.PartitionOfRegion(_region)}:iam::{_account}:role{pathText.Text}{name.Text}", node)
                    : role;
            case ("AWS::Lambda::Function", "Arn"):
                return new CfnUnresolved(node, ResourceType: "AWS::Lambda::Function", LogicalId: resourceName);
            default:
                return new CfnUnresolved(node);
        }
    }

    private CfnValue Sub(JNode argument, JNode node)
    {
        JNode template;
        JNode? variables = null;
        if (argument.Kind == JKind.String)
        {
            template = argument;
        }
        else
        {
            var items = Arguments(argument, "Fn::Sub", 1, 2);
            template = items[0];
            if (template.Kind != JKind.String)
            {
                throw JShape.Wrong(template, "Fn::Sub template", "a string");
            }

            if (items.Count == 2)
            {
                variables = JShape.Object(items[1], "Fn::Sub variables");
            }
        }

        var text = template.Text!;
        var builder = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            var open = text.IndexOf("${", i, StringComparison.Ordinal);
            if (open < 0)
            {
                builder.Append(text, i, text.Length - i);
                break;
            }

            builder.Append(text, i, open - i);
            var close = text.IndexOf('}', open + 2);
            if (close < 0)
            {
                throw JShape.At(template.Location, "Fn::Sub has \"${\" without a closing \"}\"");
            }

            var variable = text[(open + 2)..close];
            i = close + 1;
            if (variable.StartsWith('!'))
            {
                builder.Append("${").Append(variable, 1, variable.Length - 1).Append('}');
                continue;
            }

            variable = variable.Trim();
            CfnValue value = variables?[variable] is { } given
                ? Resolve(given)
                : variable.Contains('.', StringComparison.Ordinal)
                    ? Attribute(variable[..variable.IndexOf('.', StringComparison.Ordinal)], variable[(variable.IndexOf('.', StringComparison.Ordinal) + 1)..], node)
                    : Ref(variable, node);
            if (AsText(value, $"Fn::Sub variable ${{{variable}}}") is not CfnScalar part)
            {
                return new CfnUnresolved(node);
            }

            _budget.Text(builder.Length + part.Text.Length, node);
            builder.Append(part.Text);
        }

        return new CfnScalar(builder.ToString(), node);
    }

    private CfnValue Join(JNode argument, JNode node)
    {
        var items = Arguments(argument, "Fn::Join", 2, 2);
        if (ResolveText(items[0], "Fn::Join delimiter") is not CfnScalar delimiter)
        {
            return new CfnUnresolved(node);
        }

        var list = Resolve(items[1]);
        if (list is CfnUnresolved)
        {
            return list;
        }

        if (list is not CfnList values)
        {
            throw JShape.At(items[1].Location, "Fn::Join takes a list of values to join");
        }

        var parts = new List<string>();
        foreach (var value in values.Items)
        {
            if (AsText(value, "Fn::Join value") is not CfnScalar part)
            {
                return new CfnUnresolved(node);
            }

            parts.Add(part.Text);
        }

        _budget.Text(parts.Sum(p => (long)p.Length + delimiter.Text.Length), node);
        return new CfnScalar(string.Join(delimiter.Text, parts), node);
    }

    private CfnValue Select(JNode argument, JNode node)
    {
        var items = Arguments(argument, "Fn::Select", 2, 2);
        if (ResolveText(items[0], "Fn::Select index") is not CfnScalar indexText)
        {
            return new CfnUnresolved(node);
        }

        if (!int.TryParse(indexText.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            throw JShape.At(items[0].Location, $"Fn::Select index \"{indexText.Text}\" is not a whole number");
        }

        var list = Resolve(items[1]);
        return list switch
        {
            CfnUnresolved => list,
            CfnList { Items.Count: var count } when index >= count =>
                throw JShape.At(items[0].Location, $"Fn::Select index {index} is outside the list of {count}"),
            CfnList values => Relocate(values.Items[index], node),
            _ => throw JShape.At(items[1].Location, "Fn::Select takes a list to select from"),
        };
    }

    private CfnValue Split(JNode argument, JNode node)
    {
        var items = Arguments(argument, "Fn::Split", 2, 2);
        if (ResolveText(items[0], "Fn::Split delimiter") is not CfnScalar delimiter || delimiter.Text.Length == 0)
        {
            return new CfnUnresolved(node);
        }

        return ResolveText(items[1], "Fn::Split source") is CfnScalar source
            ? new CfnList(source.Text.Split(delimiter.Text).Select(s => (CfnValue)new CfnScalar(s, node)).ToArray(), node)
            : new CfnUnresolved(node);
    }

    private CfnValue If(JNode argument, JNode node)
    {
        var items = Arguments(argument, "Fn::If", 3, 3);
        var condition = Name(items[0], "Fn::If");
        return Condition(condition, items[0]) switch
        {
            true => Relocate(Resolve(items[1]), node),
            false => Relocate(Resolve(items[2]), node),
            null => Relocate(Merge(Resolve(items[1]), Resolve(items[2]), Unknown(condition)), node),
        };
    }

    /// <summary>
    /// Both branches of an <c>Fn::If</c> whose condition cannot be evaluated: what they agree on is known, each value where they
    /// differ is unresolved and names the condition.
    /// </summary>
    private static CfnValue Merge(CfnValue whenTrue, CfnValue whenFalse, string reason)
    {
        switch (whenTrue, whenFalse)
        {
            case (CfnScalar a, CfnScalar b) when a.Text == b.Text:
                return a;
            case (CfnNoValue, CfnNoValue):
                return whenTrue;
            case (CfnModelRef a, CfnModelRef b) when a.LogicalId == b.LogicalId:
                return a;
            case (CfnUnresolved a, CfnUnresolved b) when a.ResourceType is not null && (a.ResourceType, a.LogicalId) == (b.ResourceType, b.LogicalId):
                return a;
            case (CfnList a, CfnList b) when a.Items.Count == b.Items.Count:
                return new CfnList(a.Items.Zip(b.Items, (x, y) => Merge(x, y, reason)).ToArray(), a.Source);
            case (CfnMap a, CfnMap b):
                var names = a.Properties.Select(p => p.Name).Concat(b.Properties.Select(p => p.Name)).Distinct(StringComparer.Ordinal);
                return new CfnMap(names.Select(name => (name, (a[name], b[name]) switch
                {
                    ({ } x, { } y) => Merge(x, y, reason),
                    ({ } x, null) => Differs(x, reason),
                    (null, var y) => Differs(y!, reason),
                })).ToArray(), a.Source);
            default:
                return Differs(whenTrue is CfnNoValue ? whenFalse : whenTrue, reason);
        }
    }

    private static CfnUnresolved Differs(CfnValue value, string reason) =>
        value is CfnUnresolved { Reason: not null } open ? open : new CfnUnresolved(value.Source, reason);

    /// <summary>Why a condition has no value: the parameters without a Default (and not given) it depends on.</summary>
    private string Unknown(string condition)
    {
        var missing = new SortedSet<string>(StringComparer.Ordinal);
        var visited = new HashSet<string>(StringComparer.Ordinal);
        Collect(_conditions?[condition]);
        var given = string.Join(" ", missing.Where(m => !m.StartsWith("AWS::", StringComparison.Ordinal)).Select(m => $"--parameter {m}=VALUE"));
        var because = missing.Count == 0 ? "it cannot be evaluated before deployment"
            : given.Length == 0 ? $"{string.Join(" and ", missing)} {(missing.Count == 1 ? "is" : "are")} known only at deployment"
            : $"{string.Join(", ", missing.Select(m => m.StartsWith("AWS::", StringComparison.Ordinal) ? m : "parameter " + m))} {(missing.Count == 1 ? "has" : "have")} no value (give {given})";
        return $"depends on condition {condition}, which is not known: {because}";

        void Collect(JNode? node)
        {
            switch (node)
            {
                case { Kind: JKind.Object, Properties: [("Ref", _, { Kind: JKind.String, Text: { } name })] }:
                    if ((name.StartsWith("AWS::", StringComparison.Ordinal) ? Pseudo(name, node) : Parameter(name, node)) is CfnUnresolved)
                    {
                        missing.Add(name);
                    }

                    break;
                case { Kind: JKind.Object, Properties: [("Condition", _, { Kind: JKind.String, Text: { } inner })] }:
                    if (visited.Add(inner))
                    {
                        Collect(_conditions?[inner]);
                    }

                    break;
                case { Kind: JKind.Object }:
                    foreach (var property in node.Properties)
                    {
                        Collect(property.Value);
                    }

                    break;
                case { Kind: JKind.Array }:
                    foreach (var item in node.Items)
                    {
                        Collect(item);
                    }

                    break;
            }
        }
    }

    private CfnValue? Parameter(string name, JNode at) => _parameters?[name] is { } parameter ? Parameter(name, parameter, at) : null;

    private CfnValue FindInMap(JNode argument, JNode node)
    {
        var items = Arguments(argument, "Fn::FindInMap", 3, 4);
        var keys = new List<string>();
        foreach (var item in items.Take(3))
        {
            if (ResolveText(item, "Fn::FindInMap key") is not CfnScalar key)
            {
                return new CfnUnresolved(node);
            }

            keys.Add(key.Text);
        }

        var map = _mappings?[keys[0]] ?? throw JShape.At(items[0].Location, $"Fn::FindInMap names mapping \"{keys[0]}\", which Mappings does not define");
        if (JShape.Object(map, $"Mappings.{keys[0]}")[keys[1]] is { } top && JShape.Object(top, $"Mappings.{keys[0]}.{keys[1]}")[keys[2]] is { } value)
        {
            return Relocate(Resolve(value), node);
        }

        if (items.Count == 4 && items[3].Kind == JKind.Object && items[3]["DefaultValue"] is { } fallback)
        {
            return Resolve(fallback);
        }

        throw JShape.At(node.Location, $"Fn::FindInMap finds no \"{keys[1]}\" / \"{keys[2]}\" in mapping \"{keys[0]}\"");
    }

    private bool? EvaluateCondition(JNode node)
    {
        if (node.Kind != JKind.Object || node.Properties.Count != 1)
        {
            throw JShape.At(node.Location, "a condition is one of Fn::Equals, Fn::Not, Fn::And, Fn::Or or Condition");
        }

        var (function, _, argument) = node.Properties[0];
        switch (function)
        {
            case "Condition":
                return Condition(Name(argument, "Condition"), argument);
            case "Fn::Not":
                return !EvaluateCondition(Arguments(argument, "Fn::Not", 1, 1)[0]);
            case "Fn::And" or "Fn::Or":
                var values = Arguments(argument, function, 2, 10).Select(EvaluateCondition).ToArray();
                return function == "Fn::And"
                    ? values.Any(v => v == false) ? false : values.All(v => v == true) ? true : null
                    : values.Any(v => v == true) ? true : values.All(v => v == false) ? false : null;
            case "Fn::Equals":
                var sides = Arguments(argument, "Fn::Equals", 2, 2);
                return ResolveText(sides[0], "Fn::Equals value") is CfnScalar left && ResolveText(sides[1], "Fn::Equals value") is CfnScalar right
                    ? left.Text == right.Text
                    : null;
            default:
                throw JShape.At(node.Location, $"\"{function}\" cannot be used in a condition");
        }
    }

    /// <summary>A scalar picked out of a list or mapping is reported where the template uses it.</summary>
    private static CfnValue Relocate(CfnValue value, JNode node) => value is CfnScalar scalar ? new CfnScalar(scalar.Text, node) : value;

    private static CfnValue AsText(CfnValue value, string what) => value switch
    {
        CfnScalar or CfnUnresolved => value,
        CfnModelRef { Name: { } name } => new CfnScalar(name, value.Source),
        CfnModelRef => new CfnUnresolved(value.Source),
        CfnNoValue => throw JShape.At(value.Location, $"{what} is AWS::NoValue, which cannot be used as text"),
        _ => throw JShape.Wrong(value.Source, what, "text"),
    };
}
