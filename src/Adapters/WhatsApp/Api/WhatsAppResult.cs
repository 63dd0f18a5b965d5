namespace ChatHub.Adapters.WhatsApp.Api;

/// <summary>The outcome of a Cloud API call: the value, or a <see cref="WhatsAppError"/>.</summary>
internal readonly record struct WhatsAppResult<T>(T? Value, WhatsAppError? Error)
{
    public static WhatsAppResult<T> Ok(T value) => new(value, null);

    public static WhatsAppResult<T> Fail(WhatsAppError error) => new(default, error);
}
