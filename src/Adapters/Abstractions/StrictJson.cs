using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace ChatHub.Adapters.Abstractions;

/// <summary>
/// How an adapter reads what a platform sends it, stricter than its source-generated context: the members the
/// platform documents as required must be present, nullability annotations are respected (a null where the type says
/// non-null is malformed, not a null deep in the mapper), and a repeated member is malformed rather than
/// last-one-wins (parsers disagree on which value wins).
/// </summary>
internal static class StrictJson
{
    /// <summary>The strict reader of <typeparamref name="T"/> from <paramref name="context"/>, with <paramref name="required"/> JSON member names per type.</summary>
    public static JsonTypeInfo<T> For<T>(JsonSerializerContext context, IReadOnlyDictionary<Type, string[]> required)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(required);
        return (JsonTypeInfo<T>)new JsonSerializerOptions(context.Options)
        {
            TypeInfoResolver = context.WithAddedModifier(typeInfo => Require(typeInfo, required)),
            RespectNullableAnnotations = true,
            AllowDuplicateProperties = false,
        }.GetTypeInfo(typeof(T));
    }

    private static void Require(JsonTypeInfo typeInfo, IReadOnlyDictionary<Type, string[]> required)
    {
        if (required.TryGetValue(typeInfo.Type, out var names))
        {
            foreach (var property in typeInfo.Properties)
            {
                property.IsRequired |= names.Contains(property.Name, StringComparer.Ordinal);
            }
        }
    }
}
