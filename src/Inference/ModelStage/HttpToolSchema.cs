using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.SemanticKernel;

namespace ChatHub.Inference.ModelStage;

/// <summary>
/// The argument schema of an operator HTTP tool: an object schema whose properties are checked when the model calls
/// the tool (required ones present, no others, primitive types and enums as declared). Other keywords are passed to the
/// model as written but not checked.
/// </summary>
internal sealed class HttpToolSchema
{
    private HttpToolSchema(IReadOnlyList<Property> properties) => Properties = properties;

    public IReadOnlyList<Property> Properties { get; }

    /// <summary>Parses <paramref name="json"/> (none: no arguments); throws <see cref="ArgumentException"/> saying what is wrong.</summary>
    public static HttpToolSchema Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return new HttpToolSchema([]);
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"Parameters is not JSON: {ex.Message}", nameof(json), ex);
        }

        if (root is not JsonObject schema || (string?)schema["type"] != "object")
        {
            throw new ArgumentException("Parameters must be a JSON schema of type object.", nameof(json));
        }

        var required = (schema["required"] as JsonArray)?.Select(item => (string?)item).ToHashSet(StringComparer.Ordinal) ?? [];
        var properties = new List<Property>();
        foreach (var (name, node) in schema["properties"] as JsonObject ?? [])
        {
            if (node is not JsonObject property)
            {
                throw new ArgumentException($"Parameters: property '{name}' is not a schema object.", nameof(json));
            }

            var type = (string?)property["type"];
            if (type is not (null or "string" or "integer" or "number" or "boolean" or "array" or "object"))
            {
                throw new ArgumentException($"Parameters: property '{name}' has the unknown type '{type}'.", nameof(json));
            }

            try
            {
                _ = KernelJsonSchema.Parse(property.ToJsonString());
            }
            catch (JsonException ex)
            {
                throw new ArgumentException($"Parameters: property '{name}' is not a valid schema: {ex.Message}", nameof(json), ex);
            }

            properties.Add(new Property(name, type, (string?)property["description"], required.Contains(name),
                (property["enum"] as JsonArray)?.Select(item => item?.ToJsonString()).ToHashSet(StringComparer.Ordinal), property));
        }

        var unknown = required.Except(properties.Select(property => property.Name), StringComparer.Ordinal).ToArray();
        if (unknown.Length > 0)
        {
            throw new ArgumentException($"Parameters: required names properties it does not declare: {string.Join(", ", unknown)}.", nameof(json));
        }

        return new HttpToolSchema(properties);
    }

    /// <summary>The model's arguments as JSON values, checked; throws <see cref="ArgumentException"/> naming the problem.</summary>
    public IReadOnlyList<(string Name, JsonNode? Value)> Bind(KernelArguments arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        foreach (var name in arguments.Names)
        {
            if (!Properties.Any(property => property.Name == name))
            {
                throw new ArgumentException($"Unknown argument '{name}'.");
            }
        }

        var values = new List<(string, JsonNode?)>();
        foreach (var property in Properties)
        {
            if (!arguments.TryGetValue(property.Name, out var raw) || raw is null)
            {
                if (property.Required)
                {
                    throw new ArgumentException($"Missing required argument '{property.Name}'.");
                }

                continue;
            }

            var value = ToNode(raw);
            if (!Fits(property.Type, value))
            {
                throw new ArgumentException($"Argument '{property.Name}' must be of type {property.Type}.");
            }

            if (property.Enum is not null && !property.Enum.Contains(value?.ToJsonString()))
            {
                throw new ArgumentException($"Argument '{property.Name}' must be one of {string.Join(", ", property.Enum)}.");
            }

            values.Add((property.Name, value));
        }

        return values;
    }

    private static JsonNode? ToNode(object raw) => raw switch
    {
        JsonElement element => JsonNode.Parse(element.GetRawText()),
        JsonNode node => node.DeepClone(),
        string text => JsonValue.Create(text),
        bool flag => JsonValue.Create(flag),
        int or long or short or byte => JsonValue.Create(Convert.ToInt64(raw, System.Globalization.CultureInfo.InvariantCulture)),
        float or double or decimal => JsonValue.Create(Convert.ToDouble(raw, System.Globalization.CultureInfo.InvariantCulture)),
        _ => JsonSerializer.SerializeToNode(raw, raw.GetType()),
    };

    private static bool Fits(string? type, JsonNode? value)
    {
        var kind = value?.GetValueKind() ?? JsonValueKind.Null;
        return type switch
        {
            null => true,
            "string" => kind == JsonValueKind.String,
            "boolean" => kind is JsonValueKind.True or JsonValueKind.False,
            "number" => kind == JsonValueKind.Number,
            "integer" => kind == JsonValueKind.Number && value!.AsValue().TryGetValue<long>(out _),
            "array" => kind == JsonValueKind.Array,
            "object" => kind == JsonValueKind.Object,
            _ => false,
        };
    }

    public sealed record Property(string Name, string? Type, string? Description, bool Required, HashSet<string?>? Enum, JsonObject Schema);
}
