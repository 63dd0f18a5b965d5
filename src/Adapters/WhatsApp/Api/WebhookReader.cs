using System.Globalization;
using System.Text.Json;

namespace ChatHub.Adapters.WhatsApp.Api;

/// <summary>
/// Reads a webhook body into a <see cref="WebhookNotification"/>, strictly where the hub reads (the envelope, and in
/// each message, status and error the members it uses must have their documented types; a repeated member is
/// malformed) and leniently elsewhere (unknown members and message types are left alone). Never throws on input:
/// null with a reason for a 400.
/// </summary>
internal static class WebhookReader
{
    public const string BusinessAccountObject = "whatsapp_business_account";

    public static WebhookNotification? TryRead(byte[] body, int maxDepth, out string reason)
    {
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = maxDepth, AllowDuplicateProperties = false });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                reason = "the body is not a JSON object";
                return null;
            }

            if (OptionalString(root, "object") != BusinessAccountObject)
            {
                reason = $"'object' is not '{BusinessAccountObject}'";
                return null;
            }

            var changes = new List<WebhookChange>();
            foreach (var entry in Array(root, "entry", required: true))
            {
                foreach (var change in Array(Object(entry, "entry[]"), "changes", required: true))
                {
                    changes.Add(ReadChange(Object(change, "changes[]")));
                }
            }

            reason = "";
            return new WebhookNotification(changes);
        }
        catch (JsonException ex)
        {
            reason = ex is MalformedException ? ex.Message : "malformed JSON";
            return null;
        }
        catch (InvalidOperationException)
        {
            reason = "a member has the wrong type";
            return null;
        }
    }

    private static WebhookChange ReadChange(JsonElement change)
    {
        var field = RequiredString(change, "field");
        if (!change.TryGetProperty("value", out var value))
        {
            throw new MalformedException("a change has no 'value'");
        }

        Object(value, "value");
        string? phoneNumberId = null;
        if (value.TryGetProperty("metadata", out var metadata))
        {
            phoneNumberId = RequiredString(Object(metadata, "metadata"), "phone_number_id");
        }

        var contacts = Array(value, "contacts").Select(c => Object(c, "contacts[]"))
            .Select(c => new WebhookContact(RequiredString(c, "wa_id"), c.TryGetProperty("profile", out var p) ? OptionalString(Object(p, "profile"), "name") : null))
            .ToList();
        var messages = Array(value, "messages").Select(m => ReadMessage(Object(m, "messages[]"))).ToList();
        var statuses = Array(value, "statuses").Select(s => Object(s, "statuses[]"))
            .Select(s => new WebhookStatus(RequiredString(s, "id"), RequiredString(s, "status"), OptionalString(s, "recipient_id"), Errors(s)))
            .ToList();
        return new WebhookChange(field, phoneNumberId, contacts, messages, statuses, Errors(value));
    }

    private static WebhookMessage ReadMessage(JsonElement message)
    {
        var type = RequiredString(message, "type");
        string? text = type switch
        {
            "text" => RequiredString(Member(message, "text"), "body"),
            "button" => OptionalString(Member(message, "button"), "text"),
            "interactive" => WhatsAppSuggestions.TextOf(InteractiveReplyId(Member(message, "interactive"))),
            _ => null,
        };
        long? timestamp = null;
        if (OptionalString(message, "timestamp") is { } seconds)
        {
            timestamp = long.TryParse(seconds, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
                ? parsed
                : throw new MalformedException("a message's 'timestamp' is not Unix seconds");
        }

        var contextId = message.TryGetProperty("context", out var context) ? OptionalString(Object(context, "context"), "id") : null;
        return new WebhookMessage(RequiredString(message, "id"), RequiredString(message, "from"), timestamp, type, text, contextId, OptionalString(message, "group_id"));
    }

    /// <summary>The id of a list or reply-button choice (<c>interactive.list_reply.id</c>, <c>interactive.button_reply.id</c>).</summary>
    private static string? InteractiveReplyId(JsonElement interactive) => OptionalString(interactive, "type") switch
    {
        "list_reply" => OptionalString(Member(interactive, "list_reply"), "id"),
        "button_reply" => OptionalString(Member(interactive, "button_reply"), "id"),
        _ => null,
    };

    private static List<WebhookError> Errors(JsonElement parent) =>
        [.. Array(parent, "errors").Select(e => Object(e, "errors[]")).Select(e => new WebhookError(
            e.TryGetProperty("code", out var code) ? (code.ValueKind == JsonValueKind.Number && code.TryGetInt32(out var c) ? c : throw new MalformedException("an error's 'code' is not an integer")) : null,
            OptionalString(e, "title"),
            OptionalString(e, "message"),
            e.TryGetProperty("error_data", out var data) ? OptionalString(Object(data, "error_data"), "details") : null))];

    private static JsonElement Member(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var member) ? Object(member, name) : throw new MalformedException($"a message has no '{name}'");

    private static JsonElement Object(JsonElement element, string what) =>
        element.ValueKind == JsonValueKind.Object ? element : throw new MalformedException($"'{what}' is not an object");

    private static List<JsonElement> Array(JsonElement parent, string name, bool required = false)
    {
        if (!parent.TryGetProperty(name, out var array) || (!required && array.ValueKind == JsonValueKind.Null))
        {
            return required ? throw new MalformedException($"'{name}' is missing") : [];
        }

        return array.ValueKind == JsonValueKind.Array ? [.. array.EnumerateArray()] : throw new MalformedException($"'{name}' is not an array");
    }

    private static string RequiredString(JsonElement parent, string name) =>
        OptionalString(parent, name) is { Length: > 0 } value ? value : throw new MalformedException($"'{name}' is missing or empty");

    private static string? OptionalString(JsonElement parent, string name)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw new MalformedException($"'{name}' is not a string");
    }

    private sealed class MalformedException(string message) : JsonException(message);
}
