package io.coral.cwmp;

/**
 * One operation of ChangeDUState (OperationStruct): install, update or uninstall a deployment unit. toString masks
 * passwords.
 */
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

        @Override
        public String toString() {
            return "Install[url=" + url + ", uuid=" + uuid + ", username=" + username + ", password="
                    + Strings.mask(password) + ", executionEnvRef=" + executionEnvRef + "]";
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

        @Override
        public String toString() {
            return "Update[uuid=" + uuid + ", version=" + version + ", url=" + url + ", username=" + username
                    + ", password=" + Strings.mask(password) + "]";
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
