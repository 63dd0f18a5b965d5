using System.Text;
using ChatHub.Adapters.WhatsApp.Api;

namespace ChatHub.Adapters.Tests.WhatsApp;

/// <summary>The webhook envelope as Meta documents it: messages, statuses and errors read; malformed envelopes refused with a reason.</summary>
public sealed class WebhookReaderTests
{
    private const string TextMessage = """
        {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{"messaging_product":"whatsapp",
        "metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},
        "contacts":[{"profile":{"name":"Sheena Nelson"},"wa_id":"16505551234"}],
        "messages":[{"from":"16505551234","id":"wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=","timestamp":"1749416383",
        "type":"text","text":{"body":"Does it come in another color?"},"context":{"from":"15550783881","id":"wamid.quoted"}}]},"field":"messages"}]}]}
        """;

    private const string FailedStatus = """
        {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{"messaging_product":"whatsapp",
        "metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},
        "statuses":[{"id":"wamid.sent","status":"failed","timestamp":"1750263773","recipient_id":"16505551234",
        "errors":[{"code":131050,"title":"Unable to deliver the message. This recipient has chosen to stop receiving marketing messages.",
        "message":"Unable to deliver the message.","error_data":{"details":"stopped marketing"},"href":"https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/"}]}]},
        "field":"messages"}]}]}
        """;

    [Fact]
    public void TryRead_TextMessage_ReadsIdSenderNameTimestampTextAndQuote()
    {
        var notification = WebhookReader.TryRead(Encoding.UTF8.GetBytes(TextMessage), 32, out _);

        var change = Assert.Single(notification!.Changes);
        Assert.Equal(("messages", "106540352242922"), (change.Field, change.PhoneNumberId));
        Assert.Equal(new WebhookContact("16505551234", "Sheena Nelson"), Assert.Single(change.Contacts));
        var message = Assert.Single(change.Messages);
        Assert.Equal(
            new WebhookMessage("wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=", "16505551234", 1749416383, "text",
                "Does it come in another color?", "wamid.quoted", null),
            message);
    }

    [Fact]
    public void TryRead_FailedStatus_ReadsTheError()
    {
        var change = Assert.Single(WebhookReader.TryRead(Encoding.UTF8.GetBytes(FailedStatus), 32, out _)!.Changes);

        var status = Assert.Single(change.Statuses);
        Assert.Equal(("wamid.sent", "failed", "16505551234"), (status.Id, status.Status, status.RecipientId));
        var error = Assert.Single(status.Errors);
        Assert.Equal(131050, error.Code);
        Assert.Contains("stopped marketing", error.Describe(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("image", "{\"id\":\"1003383421387256\",\"mime_type\":\"image/jpeg\"}", null)]
    [InlineData("reaction", "{\"message_id\":\"wamid.x\",\"emoji\":\"👍\"}", null)]
    [InlineData("button", "{\"payload\":\"yes\",\"text\":\"Yes please\"}", "Yes please")]
    public void TryRead_OtherTypes_TextOnlyWhereThereIsOne(string type, string content, string? text)
    {
        var body = TextMessage.Replace("\"type\":\"text\",\"text\":{\"body\":\"Does it come in another color?\"}", $"\"type\":\"{type}\",\"{type}\":{content}", StringComparison.Ordinal);

        var message = Assert.Single(Assert.Single(WebhookReader.TryRead(Encoding.UTF8.GetBytes(body), 32, out _)!.Changes).Messages);

        Assert.Equal((type, text), (message.Type, message.Text));
    }

    [Theory]
    [InlineData("[]", "not a JSON object")]
    [InlineData("{\"object\":\"page\",\"entry\":[]}", "'object'")]
    [InlineData("{\"object\":\"whatsapp_business_account\"}", "'entry' is missing")]
    [InlineData("{\"object\":\"whatsapp_business_account\",\"entry\":{}}", "'entry' is not an array")]
    [InlineData("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"changes\":[{\"field\":\"messages\"}]}]}", "no 'value'")]
    [InlineData("{\"object\":\"whatsapp_business_account\",\"object\":\"whatsapp_business_account\",\"entry\":[]}", "malformed JSON")]
    [InlineData("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"changes\":[{\"field\":\"messages\",\"value\":{\"metadata\":{\"phone_number_id\":1}}}]}]}", "'phone_number_id' is not a string")]
    [InlineData("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"changes\":[{\"field\":\"messages\",\"value\":{\"messages\":[{\"id\":\"w\",\"from\":\"1\",\"type\":\"text\",\"timestamp\":\"-5\",\"text\":{\"body\":\"x\"}}]}}]}]}", "timestamp")]
    [InlineData("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"changes\":[{\"field\":\"messages\",\"value\":{\"messages\":[{\"id\":\"w\",\"from\":\"1\",\"type\":\"text\"}]}}]}]}", "no 'text'")]
    public void TryRead_Malformed_NullWithReason(string body, string reason)
    {
        Assert.Null(WebhookReader.TryRead(Encoding.UTF8.GetBytes(body), 32, out var why));
        Assert.Contains(reason, why, StringComparison.Ordinal);
    }

    [Fact]
    public void TryRead_NestedDeeperThanTheLimit_Null()
    {
        var deep = "{\"object\":\"whatsapp_business_account\",\"entry\":[" + new string('[', 40) + new string(']', 40) + "]}";

        Assert.Null(WebhookReader.TryRead(Encoding.UTF8.GetBytes(deep), 32, out _));
    }
}
