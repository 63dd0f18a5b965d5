namespace ChatHub.Testing.OpenAi;

public enum FakeOpenAiMode
{
    /// <summary>JSON, or a stream when the request asks for one.</summary>
    Reply,

    /// <summary>HTTP 500.</summary>
    Fail,

    /// <summary>A stream that sends its first piece and then nothing more, until the client goes away.</summary>
    StallAfterFirstPiece,
}
