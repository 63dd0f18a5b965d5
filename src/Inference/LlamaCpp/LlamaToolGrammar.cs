using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace ChatHub.Inference.LlamaCpp;

/// <summary>
/// The GBNF grammar of a tool call in the Hermes / Qwen format the prompt asks for:
/// <c>&lt;tool_call&gt;{"name": "...", "arguments": {...}}&lt;/tool_call&gt;</c>, the name one of the offered tools and
/// the arguments shaped by its JSON schema: declared properties in order (required ones always, optional ones may be
/// left out from the end), strings of at most <see cref="MaxStringLength"/> characters, enums, integers, numbers,
/// booleans; anything else as a bounded JSON value. So a sampled call always parses and names a real tool.
/// </summary>
internal static class LlamaToolGrammar
{
    public const string Open = "<tool_call>";
    public const string Close = "</tool_call>";
    public const int MaxStringLength = 96;

    /// <summary>The lazy trigger: the grammar starts at the first <see cref="Open"/> of the output.</summary>
    public const string TriggerPattern = @"[\s\S]*?(<tool_call>)[\s\S]*";

    public static string Build(IReadOnlyList<AIFunctionDeclaration> functions)
    {
        ArgumentNullException.ThrowIfNull(functions);
        if (functions.Count == 0)
        {
            throw new ArgumentException("A tool-call grammar needs at least one tool.", nameof(functions));
        }

        var rules = new StringBuilder();
        var calls = new List<string>();
        for (var i = 0; i < functions.Count; i++)
        {
            var name = Rule("call", i);
            calls.Add(name);
            var arguments = ObjectRule(functions[i].JsonSchema, Rule("args", i), rules); // defines its rules first
            rules.Append(name).Append(" ::= ").Append(Literal(JsonSerializer.Serialize(functions[i].Name)))
                .Append(" space \",\" space \"\\\"arguments\\\"\" space \":\" space ")
                .Append(arguments).Append('\n');
        }

        var root = new StringBuilder()
            .Append("root ::= ").Append(Literal(Open)).Append(" \"\\n\"? \"{\" space \"\\\"name\\\"\" space \":\" space (")
            .Append(string.Join(" | ", calls)).Append(") \"}\" \"\\n\"? ").Append(Literal(Close)).Append('\n');
        return root.Append(rules).Append(Common).ToString();
    }

    // Returns the name of a rule for an object with the schema's properties (defined into rules).
    private static string ObjectRule(JsonElement schema, string name, StringBuilder rules)
    {
        var properties = schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object
            ? p.EnumerateObject().ToArray()
            : [];
        if (properties.Length == 0)
        {
            rules.Append(name).Append(" ::= \"{\" space \"}\" space\n");
            return name;
        }

        var required = schema.TryGetProperty("required", out var r) && r.ValueKind == JsonValueKind.Array
            ? r.EnumerateArray().Select(item => item.GetString()).ToHashSet(StringComparer.Ordinal)
            : [];
        var ordered = properties.Where(property => required.Contains(property.Name))
            .Concat(properties.Where(property => !required.Contains(property.Name))).ToArray();
        var parts = new List<string>();
        for (var i = 0; i < ordered.Length; i++)
        {
            var valueRule = ValueRule(ordered[i].Value, $"{name}-{i}", rules);
            parts.Add($"{Literal(JsonSerializer.Serialize(ordered[i].Name))} space \":\" space {valueRule}");
        }

        var requiredCount = ordered.Count(property => required.Contains(property.Name));
        var body = new StringBuilder();
        for (var i = 0; i < parts.Count; i++)
        {
            var separator = i == 0 ? string.Empty : "\",\" space ";
            body.Append(i < requiredCount ? $"{separator}{parts[i]} " : $"({separator}{parts[i]} ");
        }

        body.Append(new string(')', Math.Max(0, parts.Count - requiredCount)).Select(c => c + "? ").Aggregate(string.Empty, string.Concat));
        rules.Append(name).Append(" ::= \"{\" space ").Append(body).Append("\"}\" space\n");
        return name;
    }

    private static string ValueRule(JsonElement schema, string name, StringBuilder rules)
    {
        if (schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("enum", out var values) && values.ValueKind == JsonValueKind.Array)
        {
            rules.Append(name).Append(" ::= (").Append(string.Join(" | ", values.EnumerateArray().Select(value => Literal(value.GetRawText()))))
                .Append(") space\n");
            return name;
        }

        var type = schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("type", out var t) ? TypeOf(t) : null;
        return type switch
        {
            "string" => "string",
            "integer" => "integer",
            "number" => "number",
            "boolean" => "boolean",
            "object" when schema.TryGetProperty("properties", out _) => ObjectRule(schema, name, rules),
            _ => "value",
        };
    }

    private static string? TypeOf(JsonElement type) => type.ValueKind switch
    {
        JsonValueKind.String => type.GetString(),
        JsonValueKind.Array => type.EnumerateArray().Select(item => item.GetString()).FirstOrDefault(item => item is not null and not "null"),
        _ => null,
    };

    private static string Rule(string prefix, int index) => string.Create(CultureInfo.InvariantCulture, $"{prefix}-{index}");

    /// <summary>A GBNF string literal for <paramref name="text"/>.</summary>
    private static string Literal(string text)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ => c.ToString(),
            });
        }

        return builder.Append('"').ToString();
    }

    private static readonly string Common = string.Create(CultureInfo.InvariantCulture, $$"""
        space ::= " "?
        string ::= "\"" char{0,{{MaxStringLength}}} "\"" space
        char ::= [^"\\\x7F\x00-\x1F] | "\\" (["\\/bfnrt] | "u" [0-9a-fA-F]{4})
        integer ::= "-"? ("0" | [1-9] [0-9]{0,15}) space
        number ::= "-"? ("0" | [1-9] [0-9]{0,15}) ("." [0-9]{1,16})? ([eE] [-+]? [0-9]{1,3})? space
        boolean ::= ("true" | "false") space
        value ::= (object | array | string | number | boolean | "null" space)
        object ::= "{" space (string ":" space value ("," space string ":" space value){0,15})? "}" space
        array ::= "[" space (value ("," space value){0,15})? "]" space

        """);
}
