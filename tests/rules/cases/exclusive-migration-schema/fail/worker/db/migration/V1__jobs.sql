CREATE TABLE jobs (id INT);
