package org.talkarchive.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The body of every JSON error answer, as the API description's Error, InvalidParameter, Conflict and Unavailable
 * schemas give it: {@code error} and {@code request_id} always, the rest where the kind of error has them.
 *
 * @param parameter the refused parameter (invalid_parameter only)
 * @param reason    why, in words (invalid_parameter, conflict, unavailable)
 * @param job       the job in a conflict's way (conflict only, where it is written even when there is none)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(String error, String parameter, String reason, JobInTheWay job, String requestId) {

    /** A conflict's job: its address, or null when what is in the way is not a job. */
    public record JobInTheWay(@JsonValue String url) {
    }

    /** An error said in words only ("not found", "internal error", a refusal's message). */
    public static ApiError of(String error, String requestId) {
        return new ApiError(error, null, null, null, requestId);
    }

    public static ApiError invalidParameter(String parameter, String reason, String requestId) {
        return new ApiError("invalid_parameter", parameter, reason, null, requestId);
    }

    /** @param jobUrl the job in the way; null when not a job (a reindex of the command line, say) */
    public static ApiError conflict(String reason, String jobUrl, String requestId) {
        return new ApiError("conflict", null, reason, new JobInTheWay(jobUrl), requestId);
    }

    public static ApiError unavailable(String reason, String requestId) {
        return new ApiError("unavailable", null, reason, null, requestId);
    }
}
