namespace ChatHub.Adapters.WhatsApp.Api;

/// <summary>
/// One webhook notification, <c>{"object":"whatsapp_business_account","entry":[{"id","changes":[{"field","value"}]}]}</c>,
/// reduced to what the hub reads: per change its field, the phone number it is for and its messages, statuses and errors.
/// </summary>
internal sealed record WebhookNotification(IReadOnlyList<WebhookChange> Changes);

/// <summary>One <c>entry[].changes[]</c>: <c>value.metadata.phone_number_id</c>, <c>value.contacts</c>, <c>value.messages</c>, <c>value.statuses</c>, <c>value.errors</c>.</summary>
internal sealed record WebhookChange(
    string Field,
    string? PhoneNumberId,
    IReadOnlyList<WebhookContact> Contacts,
    IReadOnlyList<WebhookMessage> Messages,
    IReadOnlyList<WebhookStatus> Statuses,
    IReadOnlyList<WebhookError> Errors);

/// <summary>A <c>contacts[]</c> entry: the person's WhatsApp id and profile name.</summary>
internal sealed record WebhookContact(string WaId, string? Name);

/// <summary>
/// A <c>messages[]</c> entry: its <c>id</c> (wamid), <c>from</c> (the person's wa_id), <c>timestamp</c> (Unix seconds),
/// <c>type</c>, the text (<c>text.body</c>, or a quick-reply <c>button.text</c>), the quoted message
/// (<c>context.id</c>) and, for group messages, <c>group_id</c>.
/// </summary>
internal sealed record WebhookMessage(string Id, string From, long? Timestamp, string Type, string? Text, string? ContextId, string? GroupId);

/// <summary>A <c>statuses[]</c> entry: a sent message's <c>id</c>, its <c>status</c> (sent, delivered, read, failed), the recipient and errors.</summary>
internal sealed record WebhookStatus(string Id, string Status, string? RecipientId, IReadOnlyList<WebhookError> Errors);

/// <summary>An error object: <c>code</c>, <c>title</c>, <c>message</c>, <c>error_data.details</c> (platform text: escape it in logs).</summary>
internal sealed record WebhookError(int? Code, string? Title, string? Message, string? Details)
{
    public string Describe() => string.Join(": ", new[] { Title, Message != Title ? Message : null, Details }.Where(s => !string.IsNullOrEmpty(s)));
}
