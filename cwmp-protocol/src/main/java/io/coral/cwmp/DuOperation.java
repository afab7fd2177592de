package io.coral.cwmp;

/** One operation of ChangeDUState (OperationStruct): install, update or uninstall a deployment unit. */
public sealed interface DuOperation {

    record Install(String url, String uuid, String username, String password, String executionEnvRef)
            implements DuOperation {
        public Install {
            url = Strings.orEmpty(url);
            uuid = Strings.orEmpty(uuid);
            username = Strings.orEmpty(username);
            password = Strings.orEmpty(password);
            executionEnvRef = Strings.orEmpty(executionEnvRef);
        }
    }

    record Update(String uuid, String version, String url, String username, String password) implements DuOperation {
        public Update {
            uuid = Strings.orEmpty(uuid);
            version = Strings.orEmpty(version);
            url = Strings.orEmpty(url);
            username = Strings.orEmpty(username);
            password = Strings.orEmpty(password);
        }
    }

    record Uninstall(String uuid, String version, String executionEnvRef) implements DuOperation {
        public Uninstall {
            uuid = Strings.orEmpty(uuid);
            version = Strings.orEmpty(version);
            executionEnvRef = Strings.orEmpty(executionEnvRef);
        }
    }
}
