using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace ChatHub.Testing.WhatsApp;

/// <summary>
/// The webhook side of the Cloud API, from Meta's documentation: notification bodies as WhatsApp POSTs them
/// (<c>{"object":"whatsapp_business_account","entry":[{"id":WABA,"changes":[{"field":"messages","value":{…}}]}]}</c>
/// with <c>metadata</c>, <c>contacts</c>, <c>messages</c>, <c>statuses</c> or <c>errors</c>), and their
/// <c>X-Hub-Signature-256</c>.
/// </summary>
public static class WhatsAppNotifications
{
    public const string BusinessAccountId = "102290129340398";
    public const string DisplayPhoneNumber = "15550783881";

    /// <summary><c>sha256=</c> and the lowercase hex HMAC-SHA256 of the body with the app secret, as Meta signs.</summary>
    public static string Sign(string body, string appSecret) => Sign(Encoding.UTF8.GetBytes(body), appSecret);

    /// <summary>The signature of raw bytes (bodies that are not text, for hostile-input tests).</summary>
    public static string Sign(byte[] body, string appSecret) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(appSecret), body));

    /// <summary>A text message from <paramref name="waId"/> (sent now unless <paramref name="sentAt"/>), quoting <paramref name="contextId"/> when given.</summary>
    public static string Text(string phoneNumberId, string waId, string messageId, string text, string? name = "Kerry Fisher",
        DateTimeOffset? sentAt = null, string? contextId = null)
    {
        var message = Message(waId, messageId, "text", sentAt);
        message["text"] = new JsonObject { ["body"] = text };
        if (contextId is not null)
        {
            message["context"] = new JsonObject { ["from"] = DisplayPhoneNumber, ["id"] = contextId };
        }

        return Messages(phoneNumberId, waId, name, message);
    }

    /// <summary>A choice from a list message the business sent (<c>interactive.list_reply</c>), quoting that message.</summary>
    public static string ListReply(string phoneNumberId, string waId, string messageId, string rowId, string title, string contextId)
    {
        var message = Message(waId, messageId, "interactive", null);
        message["context"] = new JsonObject { ["from"] = DisplayPhoneNumber, ["id"] = contextId };
        message["interactive"] = new JsonObject
        {
            ["type"] = "list_reply",
            ["list_reply"] = new JsonObject { ["id"] = rowId, ["title"] = title },
        };
        return Messages(phoneNumberId, waId, "Kerry Fisher", message);
    }

    /// <summary>An image message (<c>image.id</c>, <c>mime_type</c>, <c>sha256</c>, optional caption).</summary>
    public static string Image(string phoneNumberId, string waId, string messageId) =>
        Messages(phoneNumberId, waId, "Kerry Fisher", Change(Message(waId, messageId, "image", null), m => m["image"] = new JsonObject
        {
            ["caption"] = "a photo",
            ["mime_type"] = "image/jpeg",
            ["sha256"] = "yh5b1dn2x4w2yq8c1m2kSGj1rN0q7sV1j5Q2aY5b3dE=",
            ["id"] = "1003383421387256",
        }));

    /// <summary>A delivery status of a message the business sent; <c>failed</c> carries an error.</summary>
    public static string Status(string phoneNumberId, string messageId, string status, string recipient, int? errorCode = null, string? errorTitle = null)
    {
        var entry = new JsonObject
        {
            ["id"] = messageId,
            ["status"] = status,
            ["timestamp"] = Unix(DateTimeOffset.UtcNow),
            ["recipient_id"] = recipient,
        };
        if (errorCode is { } code)
        {
            entry["errors"] = new JsonArray(Error(code, errorTitle ?? "Message undeliverable"));
        }
        else
        {
            entry["conversation"] = new JsonObject { ["id"] = "CONVERSATION_ID", ["origin"] = new JsonObject { ["type"] = "service" } };
            entry["pricing"] = new JsonObject { ["billable"] = true, ["pricing_model"] = "PMP", ["category"] = "service" };
        }

        return Envelope(phoneNumberId, new JsonObject { ["statuses"] = new JsonArray(entry) });
    }

    /// <summary>A system-level error notification (<c>value.errors</c>).</summary>
    public static string Errors(string phoneNumberId, int code, string title) =>
        Envelope(phoneNumberId, new JsonObject { ["errors"] = new JsonArray(Error(code, title)) });

    public static string Unix(DateTimeOffset at) => at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    private static JsonObject Message(string waId, string messageId, string type, DateTimeOffset? sentAt) => new()
    {
        ["from"] = waId,
        ["id"] = messageId,
        ["timestamp"] = Unix(sentAt ?? DateTimeOffset.UtcNow),
        ["type"] = type,
    };

    private static string Messages(string phoneNumberId, string waId, string? name, JsonObject message)
    {
        var contact = new JsonObject { ["wa_id"] = waId };
        if (name is not null)
        {
            contact["profile"] = new JsonObject { ["name"] = name };
        }

        return Envelope(phoneNumberId, new JsonObject { ["contacts"] = new JsonArray(contact), ["messages"] = new JsonArray(message) });
    }

    private static string Envelope(string phoneNumberId, JsonObject value)
    {
        var full = new JsonObject
        {
            ["messaging_product"] = "whatsapp",
            ["metadata"] = new JsonObject { ["display_phone_number"] = DisplayPhoneNumber, ["phone_number_id"] = phoneNumberId },
        };
        foreach (var (key, node) in value.ToList())
        {
            value.Remove(key);
            full[key] = node;
        }

        return new JsonObject
        {
            ["object"] = "whatsapp_business_account",
            ["entry"] = new JsonArray(new JsonObject
            {
                ["id"] = BusinessAccountId,
                ["changes"] = new JsonArray(new JsonObject { ["value"] = full, ["field"] = "messages" }),
            }),
        }.ToJsonString();
    }

    private static JsonObject Error(int code, string title) => new()
    {
        ["code"] = code,
        ["title"] = title,
        ["message"] = title,
        ["error_data"] = new JsonObject { ["details"] = title },
    };

    private static JsonObject Change(JsonObject node, Action<JsonObject> change)
    {
        change(node);
        return node;
    }
}
