namespace ChatHub.Resp;

/// <summary>When SET writes.</summary>
public enum RespSetCondition
{
    /// <summary>Always.</summary>
    Always,

    /// <summary>Only if the key does not exist (NX).</summary>
    IfNotExists,

    /// <summary>Only if the key exists (XX).</summary>
    IfExists,
}
