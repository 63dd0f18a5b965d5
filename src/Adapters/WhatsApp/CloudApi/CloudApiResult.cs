namespace ChatHub.Adapters.WhatsApp.CloudApi;

/// <summary>The outcome of a Cloud API call: the value, or a <see cref="CloudApiError"/>.</summary>
internal readonly record struct CloudApiResult<T>(T? Value, CloudApiError? Error)
{
    public static CloudApiResult<T> Ok(T value) => new(value, null);

    public static CloudApiResult<T> Fail(CloudApiError error) => new(default, error);
}
